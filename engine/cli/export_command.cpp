#include "cli/export_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <vector>

#include "cli/exit_codes.h"
#include "cli/ledger_file.h"

namespace accrue::cli {
void add_export_command(CLI::App& app, ExportArgs& args) {
  auto* cmd = app.add_subcommand("export", "Print a ledger batch's entries, or the list of batches");
  cmd->add_option("ledger", args.ledger, "Ledger file")->required();
  cmd->add_option("--batch", args.batch, "Batch id; without it, list the batches")->check(batch_id_validator());
  cmd->add_option("--format", args.format, "csv or json (a batch); text, csv or json (the list)")
      ->transform(CLI::CheckedTransformer(std::map<std::string, ExportView>{
          {"text", ExportView::Text}, {"csv", ExportView::Csv}, {"json", ExportView::Json}}));
}

namespace {

std::string optional_id(const std::optional<ledger::BatchId>& id, const char* none) {
  return id ? std::to_string(*id) : std::string(none);
}

nlohmann::json batch_json(const ledger::BatchInfo& b) {
  auto id_or_null = [](const std::optional<ledger::BatchId>& id) {
    return id ? nlohmann::json(*id) : nlohmann::json(nullptr);
  };
  return {{"batch", b.id},
          {"identity", b.identity},
          {"period", b.header.period},
          {"plan_hash", b.header.plan_hash},
          {"data_hashes", b.header.data_hashes},
          {"engine_version", b.header.engine_version},
          {"arguments", b.header.arguments},
          {"supersedes", id_or_null(b.supersedes)},
          {"superseded_by", id_or_null(b.superseded_by)},
          {"entry_count", b.entry_count},
          {"entries_digest", b.entries_digest}};
}

// Hashes are cut to 12 hex digits in the table (enough to tell batches apart by
// eye); csv and json carry them whole.
std::string batch_table(const std::vector<ledger::BatchInfo>& batches) {
  std::vector<std::array<std::string, 7>> rows;
  rows.push_back({"batch", "period", "entries", "supersedes", "superseded_by", "plan_hash", "identity"});
  for (const auto& b : batches)
    rows.push_back({std::to_string(b.id), b.header.period, std::to_string(b.entry_count),
                    optional_id(b.supersedes, "-"), optional_id(b.superseded_by, "-"),
                    b.header.plan_hash.substr(0, 12), b.identity.substr(0, 12)});
  std::array<std::size_t, 7> width{};
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  std::string out;
  for (const auto& r : rows) {
    std::string line;
    for (std::size_t i = 0; i < r.size(); ++i) {
      bool numeric = i == 0 || i == 2;  // ids and counts right-aligned
      std::string cell = numeric ? fmt::format("{:>{}}", r[i], width[i]) : fmt::format("{:<{}}", r[i], width[i]);
      line += (i == 0 ? "" : "  ") + cell;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::string batch_csv(const std::vector<ledger::BatchInfo>& batches) {
  // Every field is an id, a count, a period label or hex: nothing needs quoting.
  std::string out = "batch,period,entries,supersedes,superseded_by,plan_hash,identity,entries_digest\n";
  for (const auto& b : batches)
    out += fmt::format("{},{},{},{},{},{},{},{}\n", b.id, b.header.period, b.entry_count, optional_id(b.supersedes, ""),
                       optional_id(b.superseded_by, ""), b.header.plan_hash, b.identity, b.entries_digest);
  return out;
}

int list_batches(ledger::Ledger& ledger, ExportView view) {
  auto batches = ledger.list_batches();
  if (!batches) return report_ledger_error(batches.error());
  std::string out;
  if (view == ExportView::Json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& b : *batches) list.push_back(batch_json(b));
    out = nlohmann::json{{"batches", list}}.dump(2) + "\n";
  } else if (view == ExportView::Csv) {
    out = batch_csv(*batches);
  } else {
    out = batch_table(*batches);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kOk;
}

}  // namespace

int run_export(const ExportArgs& args) {
  auto opened = open_ledger_for_reading(args.ledger);
  if (!opened.ledger) return opened.exit_code;
  if (!args.batch) return list_batches(*opened.ledger, args.format.value_or(ExportView::Text));
  ExportView view = args.format.value_or(ExportView::Csv);
  if (view == ExportView::Text) view = ExportView::Csv;  // a batch's entries have one plain-text form
  auto text = opened.ledger->export_batch(
      *args.batch, view == ExportView::Json ? ledger::ExportFormat::json : ledger::ExportFormat::csv);
  if (!text) return report_ledger_error(text.error());
  std::fwrite(text->data(), 1, text->size(), stdout);
  return kOk;
}

}  // namespace accrue::cli
