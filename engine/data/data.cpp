// The small pieces of the public API: names, lookups, hex.
#include <algorithm>

#include "engine/data/cell_syntax.h"
#include "engine/data/civil_date.h"
#include "engine/data/data.h"

namespace accrue::data {

std::string_view field_type_name(FieldType type) {
  switch (type) {
    case FieldType::Text: return "text";
    case FieldType::Integer: return "integer";
    case FieldType::Number: return "number";
    case FieldType::Percent: return "percent";
    case FieldType::Money: return "money";
    case FieldType::Date: return "date";
    case FieldType::Bool: return "bool";
    case FieldType::Reference: return "reference";
  }
  return "?";
}

std::string to_hex(const ContentHash& hash) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(hash.size() * 2);
  for (const std::uint8_t byte : hash) {
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 15];
  }
  return hex;
}

TextDictionary TextDictionary::from_sorted(const std::vector<std::string_view>& sorted) {
  TextDictionary dictionary;
  std::size_t bytes = 0;
  for (const std::string_view text : sorted) bytes += text.size();
  dictionary.bytes_.reserve(bytes);
  dictionary.offsets_.reserve(sorted.size() + 1);
  dictionary.offsets_.push_back(0);
  for (const std::string_view text : sorted) {
    dictionary.bytes_.append(text);
    dictionary.offsets_.push_back(dictionary.bytes_.size());
  }
  return dictionary;
}

std::optional<std::uint32_t> TextDictionary::find(std::string_view text) const {
  std::uint32_t low = 0, high = static_cast<std::uint32_t>(size());
  while (low < high) {
    const std::uint32_t middle = low + (high - low) / 2;
    if ((*this)[middle] < text) low = middle + 1;
    else high = middle;
  }
  if (low < size() && (*this)[low] == text) return low;
  return std::nullopt;
}

const Column* Table::column(std::string_view field) const {
  const auto found = std::find_if(columns.begin(), columns.end(), [&](const Column& c) { return c.name == field; });
  return found == columns.end() ? nullptr : &*found;
}

std::optional<std::uint32_t> Table::find_key(std::string_view key) const {
  if (!key_column) return std::nullopt;
  const Column& column = columns[*key_column];
  // Rows are in key order and keys are unique: binary search the rows.
  switch (column.type) {
    case FieldType::Text: {
      const auto code = column.text().dictionary.find(key);
      if (!code) return std::nullopt;
      const auto& codes = column.text().codes;
      const auto found = std::lower_bound(codes.begin(), codes.end(), *code);
      if (found != codes.end() && *found == *code) return static_cast<std::uint32_t>(found - codes.begin());
      return std::nullopt;
    }
    case FieldType::Integer: {
      std::int64_t value = 0;
      if (parse_integer(key, value) != CellError::None) return std::nullopt;
      const auto& values = column.integers();
      const auto found = std::lower_bound(values.begin(), values.end(), value);
      if (found != values.end() && *found == value) return static_cast<std::uint32_t>(found - values.begin());
      return std::nullopt;
    }
    case FieldType::Date: {
      const auto days = parse_iso_date(key);
      if (!days) return std::nullopt;
      const auto& values = column.days();
      const auto found = std::lower_bound(values.begin(), values.end(), *days);
      if (found != values.end() && *found == *days) return static_cast<std::uint32_t>(found - values.begin());
      return std::nullopt;
    }
    default: break;
  }
  return std::nullopt;
}

const Table* Dataset::table(std::string_view name) const {
  const auto found = std::find_if(tables.begin(), tables.end(), [&](const Table& t) { return t.name == name; });
  return found == tables.end() ? nullptr : &*found;
}

}  // namespace accrue::data
