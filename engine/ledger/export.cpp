// export_batch: the batch as byte-stable text. Everything printed comes from
// the batch's own rows (never from later batches, the clock or the locale), so
// the same batch exports to the same bytes on any machine, at any time.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "ledger/ledger_state.h"

namespace accrue::ledger {
namespace {

constexpr std::string_view csv_columns =
    "batch,sequence,payee,customer,component,kind,debit_account,credit_account,amount,amount_minor,currency,"
    "due_date,rule,source_span,settles_batch,settles_sequence,entry_hash\n";

// RFC 4180 quoting, only where a field needs it; LF line ends.
void put_csv_field(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

std::string amount_text(const Entry& entry) {
  // Stored currencies were checked on the way in; 0 keeps a damaged row printable.
  return format_amount(entry.amount_minor, minor_units(entry.currency).value_or(0));
}

std::string to_csv(BatchId id, const std::vector<detail::StoredEntry>& rows) {
  std::string out(csv_columns);
  out.reserve(rows.size() * 200);
  for (const auto& row : rows) {
    const Entry& e = row.entry;
    const std::string fields[] = {
        fmt::format("{}", id),
        fmt::format("{}", e.sequence),
        e.payee,
        e.customer.value_or(""),
        e.component,
        std::string(kind_name(e.kind)),
        e.debit_account,
        e.credit_account,
        amount_text(e),
        fmt::format("{}", e.amount_minor),
        e.currency,
        e.due_date.value_or(""),
        e.rule,
        e.source_span,
        row.settles ? fmt::format("{}", row.settles->batch) : std::string(),
        row.settles ? fmt::format("{}", row.settles->sequence) : std::string(),
        row.hash_hex,
    };
    bool first = true;
    for (const auto& field : fields) {
      if (!first) out.push_back(',');
      first = false;
      put_csv_field(out, field);
    }
    out.push_back('\n');
  }
  return out;
}

nlohmann::json optional_text(const std::optional<std::string>& text) {
  return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
}

// nlohmann::json objects are std::maps: keys come out sorted.
std::string to_json(const detail::StoredBatch& batch, const std::vector<detail::StoredEntry>& rows) {
  const auto& info = batch.info;
  nlohmann::json header = {
      {"id", info.id},
      {"identity", info.identity},
      {"period", info.header.period},
      {"plan_hash", info.header.plan_hash},
      {"data_hashes", info.header.data_hashes},
      {"engine_version", info.header.engine_version},
      {"arguments", info.header.arguments},
      {"supersedes", info.supersedes ? nlohmann::json(*info.supersedes) : nlohmann::json(nullptr)},
      {"entry_count", info.entry_count},
      {"entries_digest", info.entries_digest},
      {"encoding", batch.encoding},
  };
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& row : rows) {
    const Entry& e = row.entry;
    entries.push_back({
        {"sequence", e.sequence},
        {"payee", e.payee},
        {"customer", optional_text(e.customer)},
        {"component", e.component},
        {"kind", kind_name(e.kind)},
        {"debit_account", e.debit_account},
        {"credit_account", e.credit_account},
        {"amount", amount_text(e)},
        {"amount_minor", e.amount_minor},
        {"currency", e.currency},
        {"due_date", optional_text(e.due_date)},
        {"rule", e.rule},
        {"source_span", e.source_span},
        {"settles", row.settles ? nlohmann::json{{"batch", row.settles->batch}, {"sequence", row.settles->sequence}}
                                : nlohmann::json(nullptr)},
        {"entry_hash", row.hash_hex},
    });
  }
  nlohmann::json document = {{"batch", std::move(header)}, {"entries", std::move(entries)}};
  // Replace invalid UTF-8 rather than throw: the layer checked it on the way in,
  // so this only matters for a file edited behind its back.
  return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace

Result<std::string> Ledger::export_batch(BatchId id, ExportFormat format) {
  auto batch = detail::read_batch(state_->db, id);
  if (!batch) return batch.error();
  auto rows = detail::read_entries(state_->db, *batch);
  if (!rows) return rows.error();
  if (format == ExportFormat::csv) return to_csv(id, *rows);
  return to_json(*batch, *rows);
}

}  // namespace accrue::ledger
