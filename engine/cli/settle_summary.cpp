#include "cli/settle_summary.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <vector>

namespace accrue::cli {
namespace {

// Columns line up on a terminal by code points, not bytes: payee keys may be
// UTF-8.
std::size_t display_width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string pad_left(const std::string& s, std::size_t width) {
  std::size_t w = display_width(s);
  return w >= width ? s : std::string(width - w, ' ') + s;
}

std::string pad_right(const std::string& s, std::size_t width) {
  std::size_t w = display_width(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

using Row = std::array<std::string, 6>;

Row row_of(const settle::PayeeSummary& p) {
  return {p.payee, p.earned, p.reduced, p.topped_up, p.paid_now, p.deferred};
}

nlohmann::json payee_json(const settle::PayeeSummary& p) {
  // Amounts stay exact decimal text: a JSON number would invite a float.
  return {{"payee", p.payee},         {"earned", p.earned},     {"reduced", p.reduced},
          {"topped_up", p.topped_up}, {"paid_now", p.paid_now}, {"deferred", p.deferred}};
}

std::string_view outcome_name(settle::Outcome o) {
  switch (o) {
    case settle::Outcome::Written: return "written";
    case settle::Outcome::AlreadySettled: return "already_settled";
    case settle::Outcome::Superseded: return "superseded";
  }
  return "written";
}

}  // namespace

std::string outcome_line(const settle::SettleReport& report, std::optional<std::int64_t> superseded) {
  std::string entries = fmt::format("{} entr{}", report.entries, report.entries == 1 ? "y" : "ies");
  switch (report.outcome) {
    case settle::Outcome::AlreadySettled:
      return fmt::format("{} already settled as batch {} with the same plan and data: nothing written",
                         report.period, report.batch_id);
    case settle::Outcome::Superseded: {
      // The batch holds the new entries and a reversal of each old one: say
      // both, and the total that export and verify will show.
      std::size_t total = report.entries + report.reversals;
      std::string counted = fmt::format("{} entries ({} new, {} reversals)", total, report.entries, report.reversals);
      if (superseded)
        return fmt::format("batch {} written: {}, superseding batch {} of {}", report.batch_id, counted, *superseded,
                           report.period);
      return fmt::format("batch {} written: {}, superseding the earlier batch of {}", report.batch_id, counted,
                         report.period);
    }
    case settle::Outcome::Written: break;
  }
  return fmt::format("batch {} written: {}", report.batch_id, entries);
}

std::string summary_text(const settle::SettleReport& report, std::optional<std::int64_t> superseded) {
  std::string out;
  if (!report.payees.empty()) {
    const std::string& cur = report.currency;
    auto head = [&](const char* name) { return cur.empty() ? std::string(name) : fmt::format("{} {}", name, cur); };
    std::vector<Row> rows;
    rows.push_back({"payee", head("earned"), head("reduced"), head("topped up"), head("paid now"), head("deferred")});
    for (const auto& p : report.payees) rows.push_back(row_of(p));
    Row totals = row_of(report.totals);
    totals[0] = "TOTAL";
    std::array<std::size_t, 6> width{};
    for (const auto& r : rows)
      for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], display_width(r[i]));
    for (std::size_t i = 0; i < totals.size(); ++i) width[i] = std::max(width[i], display_width(totals[i]));
    auto line = [&](const Row& r) {
      std::string s = pad_right(r[0], width[0]);
      for (std::size_t i = 1; i < r.size(); ++i) s += "  " + pad_left(r[i], width[i]);
      out += s + "\n";
    };
    for (const auto& r : rows) line(r);
    std::size_t total_width = width[0];
    for (std::size_t i = 1; i < width.size(); ++i) total_width += 2 + width[i];
    out += std::string(total_width, '-') + "\n";
    line(totals);
    out += "\n";
  }
  out += outcome_line(report, superseded) + "\n";
  return out;
}

std::string summary_json(const settle::SettleReport& report, std::optional<std::int64_t> superseded) {
  nlohmann::json payees = nlohmann::json::array();
  for (const auto& p : report.payees) payees.push_back(payee_json(p));
  nlohmann::json totals = payee_json(report.totals);
  totals["payee"] = "TOTAL";
  nlohmann::json j = {
      {"outcome", outcome_name(report.outcome)},
      {"batch", report.batch_id},
      {"period", report.period},
      {"currency", report.currency},
      {"plan_hash", report.plan_hash},
      {"entries", report.entries},
      {"payees", payees},
      {"totals", totals},
      {"warnings", report.warnings},
      {"supersedes", superseded ? nlohmann::json(*superseded) : nlohmann::json(nullptr)},
      {"message", outcome_line(report, superseded)},
  };
  return j.dump(2) + "\n";
}

std::string failure_json(const settle::SettleFailure& failure, const diag::SourceMap& sources) {
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& p : failure.data_problems)
    problems.push_back({{"file", p.file}, {"row", p.row}, {"column", p.column}, {"message", p.message}});
  nlohmann::json diagnostics = nlohmann::json::parse(diag::render_json(failure.plan_diagnostics.items(), sources),
                                                     nullptr, /*allow_exceptions=*/false);
  if (diagnostics.is_discarded()) diagnostics = nlohmann::json::array();
  nlohmann::json j = {
      {"outcome", "failed"},
      {"exit_code", failure.exit_code},
      {"message", failure.message},
      {"diagnostics", diagnostics},
      {"data_problems", problems},
      {"data_problems_not_shown", failure.data_problems_suppressed},
  };
  return j.dump(2) + "\n";
}

}  // namespace accrue::cli
