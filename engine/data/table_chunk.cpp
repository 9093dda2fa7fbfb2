#include "engine/data/table_chunk.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "engine/data/civil_date.h"
#include "engine/data/key_index.h"
#include "engine/data/utf8.h"

namespace accrue::data {

namespace {

std::string_view expected_spelling(FieldType type) {
  switch (type) {
    case FieldType::Integer: return "an integer (e.g. 42)";
    case FieldType::Number: return "a number (e.g. 12.5)";
    case FieldType::Percent: return "a percentage (e.g. 12.5% or 0.125)";
    case FieldType::Money: return "a money amount (e.g. 12.50, or 12.50 followed by the plan currency)";
    case FieldType::Date: return "a date (YYYY-MM-DD)";
    case FieldType::Bool: return "a boolean (true/false or 1/0)";
    case FieldType::Text:
    case FieldType::Reference: break;
  }
  return "a text";
}

bool has_high_bit(std::string_view text) {
  std::uint64_t any = 0;
  std::size_t at = 0;
  for (; at + 8 <= text.size(); at += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + at, 8);
    any |= word;
  }
  for (; at < text.size(); ++at) any |= static_cast<unsigned char>(text[at]);
  return (any & 0x8080808080808080ull) != 0;
}

// The usual spelling of a number, "-1234.56" (and of a percentage,
// "12.5%"): an optional minus, at most 18 digits and points, nothing else.
// Read here in one pass; false for anything else, which the full parsers
// of cell_syntax.h then read the same way or explain.
bool read_plain_decimal(std::string_view text, bool percent, ScaledDecimal& out) {
  std::int32_t extra_scale = 0;
  if (percent && !text.empty() && text.back() == '%') {
    text.remove_suffix(1);
    extra_scale = 2;  // 12.5% = 12.5 / 100
  }
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  if (text.empty() || text.size() > 18) return false;
  std::uint64_t magnitude = 0;
  std::size_t point = std::string_view::npos;
  for (std::size_t at = 0; at < text.size(); ++at) {
    const unsigned digit = static_cast<unsigned char>(text[at]) - unsigned{'0'};
    if (digit < 10) {
      magnitude = magnitude * 10 + digit;
    } else if (text[at] == '.' && point == std::string_view::npos) {
      point = at;
    } else {
      return false;
    }
  }
  if (point != std::string_view::npos && text.size() == 1) return false;  // "." has no digit
  const auto scale =
      static_cast<std::int32_t>(point == std::string_view::npos ? 0 : text.size() - point - 1) + extra_scale;
  if (scale > kMaxDecimalScale) return false;
  out.units = negative ? -static_cast<std::int64_t>(magnitude) : static_cast<std::int64_t>(magnitude);
  out.scale = scale;
  return true;
}

// What exactly is wrong with a cell that is nearly right: the mistakes a
// spreadsheet export makes (thousands separators, currency symbols, dates
// that do not exist). Empty when there is nothing more specific to say.
std::string cell_hint(std::string_view text, FieldType type) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (type == FieldType::Date && text.size() == 10 && text[4] == '-' && text[7] == '-') {
    bool digits = true;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) digits = digits && digit(text[i]);
    if (digits) {
      int year = std::stoi(std::string(text.substr(0, 4)));
      unsigned month = static_cast<unsigned>(std::stoi(std::string(text.substr(5, 2))));
      unsigned day = static_cast<unsigned>(std::stoi(std::string(text.substr(8, 2))));
      if (month < 1 || month > 12) return fmt::format("there is no month {}", month);
      unsigned last = days_in_month(year, month);
      if (day < 1 || day > last) return fmt::format("{:04}-{:02} has {} days", year, month, last);
    }
    return "";
  }
  if (type == FieldType::Money || type == FieldType::Number || type == FieldType::Percent ||
      type == FieldType::Integer) {
    if (text.find(',') != std::string_view::npos && std::any_of(text.begin(), text.end(), digit))
      return text.find('.') != std::string_view::npos || text.find(',') + 4 == text.size()
                 ? "remove the thousands separator ','"
                 : "write the decimal point as '.', not ','";
    static constexpr std::string_view kSymbols[] = {"$", "\xC2\xA5", "\xE2\x82\xAC", "\xC2\xA3", "\xEF\xBF\xA5"};
    for (std::string_view symbol : kSymbols)
      if (text.find(symbol) != std::string_view::npos)
        return "remove the currency symbol: amounts are in the plan's currency, optionally followed by its code";
  }
  return "";
}

}  // namespace

TableChunk::TableChunk(const TableBinding& binding, std::string_view currency, ProblemSink& sink)
    : binding_(binding), currency_(currency), sink_(sink), pieces_(binding.fields.size()) {
  for (std::size_t field = 0; field < binding.fields.size(); ++field) {
    const FieldSchema& schema = *binding.fields[field].schema;
    types_.push_back(schema.type);
    if (schema.type == FieldType::Text && !binding.schema->key.empty() && schema.name == binding.schema->key) {
      key_field_ = field;
    }
  }
}

void TableChunk::reserve(std::size_t rows) {
  source_rows_.reserve(rows);
  for (std::size_t field = 0; field < pieces_.size(); ++field) {
    ColumnPiece& piece = pieces_[field];
    if (field == key_field_) {
      piece.key_ends.reserve(rows);
      continue;
    }
    switch (binding_.fields[field].schema->type) {
      case FieldType::Text:
      case FieldType::Reference: piece.codes.reserve(rows); break;
      case FieldType::Integer: piece.values.reserve(rows); break;
      case FieldType::Number:
      case FieldType::Percent:
      case FieldType::Money:
        piece.values.reserve(rows);
        piece.scales.reserve(rows);
        break;
      case FieldType::Date: piece.days.reserve(rows); break;
      case FieldType::Bool: piece.bools.reserve(rows); break;
    }
  }
}

void TableChunk::attach(std::uint32_t* source_rows, const std::vector<FieldSlices>& fields, std::size_t rows) {
  source_rows_.attach(source_rows, rows);
  for (std::size_t field = 0; field < pieces_.size(); ++field) {
    ColumnPiece& piece = pieces_[field];
    const FieldSlices& slices = fields[field];
    if (field == key_field_) {
      piece.key_ends.reserve(rows);
      continue;
    }
    if (slices.codes != nullptr) piece.codes.attach(slices.codes, rows);
    if (slices.values != nullptr) piece.values.attach(slices.values, rows);
    if (slices.scales != nullptr) piece.scales.attach(slices.scales, rows);
    if (slices.days != nullptr) piece.days.attach(slices.days, rows);
    if (slices.bools != nullptr) piece.bools.attach(slices.bools, rows);
  }
}

void TableChunk::report(std::size_t field, const std::string& message) {
  report_at(static_cast<std::uint32_t>(source_rows_.size() - 1), field, message);
}

void TableChunk::report_at(std::uint32_t row, std::size_t field, const std::string& message) {
  const BoundField& bound = binding_.fields[field];
  sink_.add(binding_.display_path, source_rows_[row], bound.column_number, fmt::format("{}: {}", bound.label, message));
}

void TableChunk::resolve_pending() {
  for (const PendingReference& pending : pending_) {
    const std::string_view key(pending_keys_.data() + pending.offset, pending.length);
    const BoundField& bound = binding_.fields[pending.field];
    ColumnPiece& piece = pieces_[pending.field];
    const std::uint32_t code = bound.key_index->find(key, pending.hash);
    if (code != KeyIndex::kMissing) {
      piece.codes[pending.row] = code;
      continue;
    }
    if (sink_.wants(binding_.display_path, source_rows_[pending.row], bound.column_number)) {
      report_at(pending.row, pending.field, fmt::format("{} is not a key of {}", quote_value(key), bound.schema->references));
    } else {
      sink_.count();
    }
    piece.null_rows.push_back(pending.row);  // its code stays the 0 placeholder
  }
  pending_.clear();
  pending_keys_.clear();
}

void TableChunk::report_value(std::size_t field, std::string_view text, CellError error) {
  const BoundField& bound = binding_.fields[field];
  if (!sink_.wants(binding_.display_path, source_rows_.back(), bound.column_number)) {
    sink_.count();
    return;
  }
  const FieldType type = bound.schema->type;
  std::string message;
  switch (error) {
    case CellError::Overflow:
      message = fmt::format("{} has too many digits (at most 18 significant digits)", quote_value(text));
      break;
    case CellError::TooManyDecimals:
      message = fmt::format("{} has more than {} digits after the point", quote_value(text), kMaxDecimalScale);
      break;
    case CellError::Currency: {
      ScaledDecimal ignored;
      std::string_view seen;
      parse_money(text, currency_, ignored, seen);
      message = fmt::format("{} is in {}, but the plan's currency is {}", quote_value(text), quote_value(seen),
                            currency_);
      break;
    }
    case CellError::Syntax:
    case CellError::None:
      message = fmt::format("{} is not {}", quote_value(text), expected_spelling(type));
      if (std::string hint = cell_hint(text, type); !hint.empty()) message += ": " + hint;
      break;
  }
  report(field, message);
}

void TableChunk::store_null(std::size_t field) {
  ColumnPiece& piece = pieces_[field];
  piece.null_rows.push_back(static_cast<std::uint32_t>(source_rows_.size() - 1));
  // Keep every column the same length: a null row holds a zero placeholder.
  if (field == key_field_) {
    piece.key_ends.push_back(piece.key_bytes.size());
    return;
  }
  switch (binding_.fields[field].schema->type) {
    case FieldType::Text:
    case FieldType::Reference: piece.codes.push_back(0); break;
    case FieldType::Integer: piece.values.push_back(0); break;
    case FieldType::Number:
    case FieldType::Percent:
    case FieldType::Money:
      piece.values.push_back(0);
      piece.scales.push_back(0);
      break;
    case FieldType::Date: piece.days.push_back(0); break;
    case FieldType::Bool: piece.bools.push_back(0); break;
  }
}

void TableChunk::null_cell(std::size_t field) {
  if (!binding_.fields[field].schema->optional) {
    report(field, fmt::format("missing value (field '{}' is required)", binding_.fields[field].schema->name));
  }
  store_null(field);
}

void TableChunk::bad_cell(std::size_t field, const std::string& message) {
  report(field, message);
  store_null(field);
}

void TableChunk::cell(std::size_t field, std::string_view text) {
  const FieldType type = types_[field];
  if (has_high_bit(text)) {
    const std::size_t bad = find_invalid_utf8(text);
    if (bad != std::string_view::npos) {
      bad_cell(field, fmt::format("invalid UTF-8 at byte {} of the cell (the file must be UTF-8)", bad + 1));
      return;
    }
  }
  // Blanks around a typed value carry no meaning; text keeps them.
  const std::string_view trimmed = type == FieldType::Text ? text : trim_blanks(text);
  if (trimmed.empty()) {
    null_cell(field);
    return;
  }
  ColumnPiece& piece = pieces_[field];
  CellError error = CellError::None;
  switch (type) {
    case FieldType::Text:
      if (field == key_field_) {
        piece.key_bytes.append(trimmed);
        piece.key_ends.push_back(piece.key_bytes.size());
        return;
      }
      piece.codes.push_back(piece.interner.intern(trimmed));
      return;
    case FieldType::Reference: {
      const KeyIndex* index = binding_.fields[field].key_index;
      if (index == nullptr) {
        piece.codes.push_back(piece.interner.intern(trimmed));  // resolved after all tables load
        return;
      }
      // Looked up with the next few reference cells (resolve_pending).
      const std::uint64_t hash = KeyIndex::hash(trimmed);
      index->prefetch(hash);
      pending_.push_back(PendingReference{static_cast<std::uint32_t>(source_rows_.size() - 1),
                                          static_cast<std::uint32_t>(field),
                                          static_cast<std::uint32_t>(pending_keys_.size()),
                                          static_cast<std::uint32_t>(trimmed.size()), hash});
      pending_keys_.append(trimmed);
      piece.codes.push_back(0);
      if (pending_.size() == kLookupBatch) resolve_pending();
      return;
    }
    case FieldType::Integer: {
      std::int64_t value = 0;
      error = parse_integer(trimmed, value);
      if (error == CellError::None) {
        piece.values.push_back(value);
        return;
      }
      break;
    }
    case FieldType::Number:
    case FieldType::Percent:
    case FieldType::Money: {
      ScaledDecimal value;
      if (read_plain_decimal(trimmed, type == FieldType::Percent, value)) {
        piece.values.push_back(value.units);
        piece.scales.push_back(static_cast<std::int8_t>(value.scale));
        return;
      }
      std::string_view seen;
      error = type == FieldType::Number    ? parse_decimal(trimmed, value)
              : type == FieldType::Percent ? parse_percent(trimmed, value)
                                           : parse_money(trimmed, currency_, value, seen);
      if (error == CellError::None) {
        piece.values.push_back(value.units);
        piece.scales.push_back(static_cast<std::int8_t>(value.scale));
        return;
      }
      break;
    }
    case FieldType::Date: {
      if (trimmed.size() == sizeof piece.last_date && std::memcmp(trimmed.data(), piece.last_date, 10) == 0) {
        piece.days.push_back(piece.last_day);
        return;
      }
      if (const auto days = parse_iso_date(trimmed)) {
        piece.days.push_back(*days);
        std::memcpy(piece.last_date, trimmed.data(), sizeof piece.last_date);
        piece.last_day = *days;
        return;
      }
      error = CellError::Syntax;
      break;
    }
    case FieldType::Bool: {
      std::uint8_t value = 0;
      error = parse_bool(trimmed, value);
      if (error == CellError::None) {
        piece.bools.push_back(value);
        return;
      }
      break;
    }
  }
  report_value(field, trimmed, error);
  store_null(field);
}

}  // namespace accrue::data
