// Lookup tables: every keyed row gives one value per key column (E0508), no
// two rows have the same literal keys and there is at most one `else` row
// (E0509), so each lookup has exactly one answer.
#include <fmt/format.h>

#include <map>

#include "check/literal_value.h"
#include "check/rule_checks.h"

namespace accrue::check {
namespace {

using diag::Code;
using syntax::TableRow;

std::string column_list(const syntax::Table& table) {
  std::string out;
  for (const auto& key : table.keys) {
    if (!out.empty()) out += ", ";
    for (std::size_t i = 0; i < key.size(); ++i) out += (i ? "." : "") + key[i].text;
  }
  return out;
}

diag::Span keys_span(const TableRow& row) {
  if (row.keys.empty() || !row.keys.front() || !row.keys.back()) return row.span;
  return span_through(row.keys.front()->span, row.keys.back()->span);
}

}  // namespace

void check_table_rows(const syntax::Decl& decl, diag::Diagnostics& out) {
  const auto& table = decl.table;
  const TableRow* else_row = nullptr;
  std::map<std::string, const TableRow*> seen;
  for (const auto& row : table.rows) {
    if (row.is_else) {
      if (else_row) {
        auto& d = out.report(Code::E0509, row.span, fmt::format("table '{}' has a second 'else' row", decl.name.text),
                             "keep one 'else' row");
        d.notes.push_back({else_row->span, "the first 'else' row"});
      } else {
        else_row = &row;
      }
      continue;
    }
    if (row.keys.size() != table.keys.size()) {
      out.report(Code::E0508, keys_span(row),
                 fmt::format("row has {} key{}, but table '{}' is keyed by {} column{} ({})", row.keys.size(),
                             row.keys.size() == 1 ? "" : "s", decl.name.text, table.keys.size(),
                             table.keys.size() == 1 ? "" : "s", column_list(table)),
                 "give one key value per column of 'by', in that order");
      continue;
    }
    std::string identity, shown_keys;
    bool literal = true;
    for (const auto& key : row.keys) {
      auto value = key ? literal_value(*key) : std::nullopt;
      if (!value) {
        literal = false;
        break;
      }
      identity += identity_key(*value) + '\x1f';
      shown_keys += (shown_keys.empty() ? "" : ", ") + show(*value);
    }
    if (!literal) continue;
    auto [first, inserted] = seen.emplace(identity, &row);
    if (inserted) continue;
    auto& d = out.report(Code::E0509, keys_span(row),
                         fmt::format("table '{}' has a second row for {}", decl.name.text, shown_keys),
                         "keep one row per combination of keys");
    d.notes.push_back({keys_span(*first->second), "the first row with these keys"});
  }
}

}  // namespace accrue::check
