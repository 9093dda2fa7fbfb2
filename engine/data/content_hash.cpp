#include "engine/data/content_hash.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "engine/data/canonical_text.h"
#include "engine/data/cell_encoding.h"
#include "engine/data/cell_syntax.h"
#include "engine/data/civil_date.h"
#include "engine/data/task_pool.h"

namespace accrue::data {

namespace {

constexpr std::size_t kFlushBytes = 1 << 16;
constexpr std::size_t kSlackBytes = 256;  // more than any cell written in place
constexpr std::size_t kPrefetchRows = 16;  // how far ahead texts are fetched

class Sha256 {
 public:
  Sha256() : context_(EVP_MD_CTX_new()) {
    if (context_ == nullptr || EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr) != 1) fail();
  }
  void update(std::string_view bytes) {
    if (EVP_DigestUpdate(context_.get(), bytes.data(), bytes.size()) != 1) fail();
  }
  ContentHash finish() {
    ContentHash digest{};
    unsigned int size = 0;
    if (EVP_DigestFinal_ex(context_.get(), digest.data(), &size) != 1 || size != digest.size()) fail();
    return digest;
  }

 private:
  // SHA-256 from the system's libcrypto cannot fail short of a broken install.
  [[noreturn]] static void fail() {
    std::fputs("accrue::data: OpenSSL SHA-256 is unavailable\n", stderr);
    std::abort();
  }
  struct Free {
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
  };
  std::unique_ptr<EVP_MD_CTX, Free> context_;
};

// One column's cells as the hash reads them, from a table being loaded
// (WorkColumn) or from a published one (Column): the same arrays either way,
// so both give the same bytes.
struct ColumnCells {
  FieldType type = FieldType::Text;
  std::int32_t scale = 0;
  const std::uint32_t* codes = nullptr;  // Text: dictionary code; Reference: target row
  const std::int64_t* values = nullptr;  // Integer; decimal units at `scale`
  const std::int32_t* days = nullptr;
  const std::uint8_t* bools = nullptr;
  const std::uint8_t* null_flags = nullptr;  // one per row (loading), or
  const std::uint64_t* validity = nullptr;   // a bit per row, set when valued (published)

  bool null_at(std::size_t row) const {
    if (null_flags != nullptr) return null_flags[row] != 0;
    return validity != nullptr && ((validity[row / 64] >> (row % 64)) & 1u) == 0;
  }
};

ColumnCells cells_of(const WorkColumn& c) {
  ColumnCells cells{c.type, c.scale, c.codes.data(), c.values.data(), c.days.data(), c.bools.data()};
  if (!c.is_null.empty()) cells.null_flags = c.is_null.data();
  return cells;
}

ColumnCells cells_of(const Column& c) {
  ColumnCells cells;
  cells.type = c.type;
  switch (c.type) {
    case FieldType::Text: cells.codes = c.text().codes.data(); break;
    case FieldType::Reference: cells.codes = c.rows().data(); break;
    case FieldType::Integer: cells.values = c.integers().data(); break;
    case FieldType::Number:
    case FieldType::Percent:
    case FieldType::Money:
      cells.values = c.decimals().units().data();  // the loader's columns are always scaled
      cells.scale = c.decimals().scale();
      break;
    case FieldType::Date: cells.days = c.days().data(); break;
    case FieldType::Bool: cells.bools = c.bools().data(); break;
  }
  if (!c.validity.empty()) cells.validity = c.validity.data();
  return cells;
}

// How one column's cells are written. Text and reference cells copy a
// pre-encoded entry: of the column's dictionary, or of the target table's
// keys in row order (so a reference costs one read, not a walk from row to
// key code to dictionary offset to bytes).
struct ColumnEncoder {
  ColumnCells cells;
  const EncodedTexts* texts = nullptr;
  // Integer and decimal columns of few distinct values (percentages,
  // scores): cells pre-encoded too, entry i for the value `lowest` + i.
  const EncodedTexts* numbers = nullptr;
  std::int64_t lowest = 0;
};

// A number column whose values span at most this many, over at least this
// many times as many rows, is encoded once per value, not once per row.
constexpr std::int64_t kNumberTableSpan = 4096;
constexpr std::size_t kNumberTableRowsPerEntry = 16;

// Every value from lowest to highest, encoded, when the column qualifies.
bool encode_number_range(const ColumnCells& column, std::size_t rows, std::int64_t& lowest, EncodedTexts& texts) {
  std::int64_t low = INT64_MAX, high = INT64_MIN;
  // The span as unsigned: values may be as far apart as INT64_MIN and INT64_MAX.
  auto too_wide = [&] {
    return static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low) >= std::uint64_t{kNumberTableSpan};
  };
  for (std::size_t row = 0; row < rows; ++row) {
    if (column.null_at(row)) continue;
    low = std::min(low, column.values[row]);
    high = std::max(high, column.values[row]);
    if (row % 4096 == 0 && too_wide()) return false;  // amounts: known early
  }
  if (low > high || too_wide() || static_cast<std::size_t>(high - low + 1) * kNumberTableRowsPerEntry > rows) {
    return false;
  }
  const bool integer = column.type == FieldType::Integer;
  texts.reserve(static_cast<std::size_t>(high - low + 1), static_cast<std::size_t>(high - low + 1) * 8);
  char cell[64];
  for (std::int64_t value = low; value <= high; ++value) {
    const char* end = integer ? write_integer_cell(value, cell) : write_decimal_cell(value, column.scale, cell);
    texts.add(std::string_view(cell + 1, static_cast<std::size_t>(end - cell - 1)));  // add() writes the length
  }
  texts.seal();
  lowest = low;
  return true;
}

EncodedTexts encode_dictionary(const TextDictionary& dictionary) {
  EncodedTexts texts;
  std::size_t bytes = 0;
  for (std::uint32_t code = 0; code < dictionary.size(); ++code) bytes += dictionary[code].size();
  texts.reserve(dictionary.size(), bytes);
  for (std::uint32_t code = 0; code < dictionary.size(); ++code) texts.add(dictionary[code]);
  texts.seal();
  return texts;
}

// The canonical text of every row's key, in row order (keys are never null
// in a table that loaded cleanly). `append_key(row, text)` appends one.
template <class AppendKey>
EncodedTexts encode_keys(std::size_t rows, AppendKey append_key) {
  EncodedTexts texts;
  texts.reserve(rows, rows * 8);
  std::string text;
  for (std::size_t row = 0; row < rows; ++row) {
    text.clear();
    append_key(row, text);
    texts.add(text);
  }
  texts.seal();
  return texts;
}

EncodedTexts encode_keys(const WorkTable& table) {
  const WorkColumn& key = table.columns[*table.key_column];
  return encode_keys(table.rows, [&key](std::size_t row, std::string& text) {
    if (!key.null_at(row)) append_canonical_text(key, row, text);
  });
}

// The canonical text of a published cell, as append_canonical_text gives
// it for the same cell while loading.
void append_published_text(const Dataset& dataset, const Column& column, std::size_t row, std::string& out) {
  switch (column.type) {
    case FieldType::Text: out.append(column.text().dictionary[column.text().codes[row]]); return;
    case FieldType::Reference: {
      const Table& target = *dataset.table(column.references);
      append_published_text(dataset, target.columns[*target.key_column], column.rows()[row], out);
      return;
    }
    case FieldType::Integer: append_integer(column.integers()[row], out); return;
    case FieldType::Number:
    case FieldType::Percent:
    case FieldType::Money: append_decimal(column.decimals().units()[row], column.decimals().scale(), out); return;
    case FieldType::Date: {
      char text[10];
      format_iso_date(column.days()[row], text);
      out.append(text, sizeof text);
      return;
    }
    case FieldType::Bool: out.append(column.bools()[row] != 0 ? "true" : "false"); return;
  }
}

EncodedTexts encode_keys(const Dataset& dataset, const Table& table) {
  const Column& key = table.columns[*table.key_column];
  return encode_keys(table.row_count, [&](std::size_t row, std::string& text) {
    if (!key.is_null(row)) append_published_text(dataset, key, row, text);
  });
}

class LeafWriter {
 public:
  LeafWriter() : buffer_(kFlushBytes + kSlackBytes, '\0'), at_(buffer_.data()) {}

  char* at() { return at_; }
  void advance(char* to) {
    at_ = to;
    if (at_ - buffer_.data() >= static_cast<std::ptrdiff_t>(kFlushBytes)) flush();
  }
  void put(std::string_view encoded) {
    if (encoded.size() > kSlackBytes) {
      flush();
      sha_.update(encoded);
      return;
    }
    std::memcpy(at_, encoded.data(), encoded.size());
    advance(at_ + encoded.size());
  }
  ContentHash finish() {
    flush();
    return sha_.finish();
  }

 private:
  void flush() {
    sha_.update(std::string_view(buffer_.data(), static_cast<std::size_t>(at_ - buffer_.data())));
    at_ = buffer_.data();
  }
  Sha256 sha_;
  std::string buffer_;
  char* at_;
};

ContentHash hash_leaf(const std::vector<ColumnEncoder>& encoders, std::size_t begin, std::size_t end) {
  LeafWriter out;
  // Event tables are in date order: most rows repeat the previous row's date.
  std::int32_t last_day = INT32_MIN;
  char last_date[11];
  for (std::size_t row = begin; row < end; ++row) {
    for (const ColumnEncoder& encoder : encoders) {
      const ColumnCells& column = encoder.cells;
      if (encoder.texts != nullptr && row + kPrefetchRows < end) {
        encoder.texts->prefetch(column.codes[row + kPrefetchRows]);
      }
      if (column.null_at(row)) {
        char* at = out.at();
        *at = '\0';
        out.advance(at + 1);
        continue;
      }
      if (encoder.numbers != nullptr) {
        out.advance(encoder.numbers->copy(static_cast<std::size_t>(column.values[row] - encoder.lowest), out.at()));
        continue;
      }
      switch (column.type) {
        case FieldType::Text:
        case FieldType::Reference:
          if (encoder.texts->fixed_stride()) {
            out.advance(encoder.texts->copy(column.codes[row], out.at()));
          } else {
            out.put((*encoder.texts)[column.codes[row]]);  // may be longer than the slack
          }
          break;
        case FieldType::Integer: out.advance(write_integer_cell(column.values[row], out.at())); break;
        case FieldType::Number:
        case FieldType::Percent:
        case FieldType::Money: out.advance(write_decimal_cell(column.values[row], column.scale, out.at())); break;
        case FieldType::Date: {
          const std::int32_t day = column.days[row];
          if (day != last_day) {
            write_date_cell(day, last_date);
            last_day = day;
          }
          std::memcpy(out.at(), last_date, sizeof last_date);
          out.advance(out.at() + sizeof last_date);
          break;
        }
        case FieldType::Bool: out.put(column.bools[row] != 0 ? std::string_view("\5true") : std::string_view("\6false")); break;
      }
    }
  }
  return out.finish();
}

// A table as the hash sees it: its fields (name and type), row count and
// the encoders of its columns.
struct TableToHash {
  std::vector<std::pair<std::string_view, FieldType>> fields;
  std::size_t rows = 0;
  std::vector<ColumnEncoder> encoders;
};

ContentHash hash_root(const TableToHash& table, const ContentHash* leaves, std::size_t leaf_count) {
  std::string header = "accrue-table-v1\n";
  for (const auto& [name, type] : table.fields) {
    header += name;
    header += ':';
    header += field_type_name(type);
    header += '\n';
  }
  header += "rows:" + std::to_string(table.rows) + "\n";
  Sha256 root;
  root.update(header);
  for (std::size_t leaf = 0; leaf < leaf_count; ++leaf) {
    root.update(std::string_view(reinterpret_cast<const char*>(leaves[leaf].data()), leaves[leaf].size()));
  }
  return root.finish();
}

// Whether a number column is encoded once per value (other types never
// are); `texts` keeps the table of encoded values.
void choose_number_encoding(ColumnEncoder& encoder, std::size_t rows, const void* column,
                            std::map<const void*, EncodedTexts>& texts) {
  const FieldType type = encoder.cells.type;
  const bool number = type == FieldType::Integer || type == FieldType::Number || type == FieldType::Percent ||
                      type == FieldType::Money;
  EncodedTexts range;
  if (number && encode_number_range(encoder.cells, rows, encoder.lowest, range))
    encoder.numbers = &texts.emplace(column, std::move(range)).first->second;
}

std::vector<ContentHash> hash_all(const std::vector<TableToHash>& tables, unsigned threads) {
  struct Leaf {
    std::size_t table, begin, end;
  };
  std::vector<Leaf> leaves;
  std::vector<std::size_t> first_leaf(tables.size() + 1, 0);
  for (std::size_t index = 0; index < tables.size(); ++index) {
    first_leaf[index] = leaves.size();
    for (std::size_t begin = 0; begin < tables[index].rows; begin += kHashLeafRows) {
      leaves.push_back(Leaf{index, begin, std::min(tables[index].rows, begin + kHashLeafRows)});
    }
  }
  first_leaf[tables.size()] = leaves.size();
  std::vector<ContentHash> leaf_hashes(leaves.size());
  run_tasks(leaves.size(), threads, [&](std::size_t leaf) {
    const Leaf& at = leaves[leaf];
    leaf_hashes[leaf] = hash_leaf(tables[at.table].encoders, at.begin, at.end);
  });

  std::vector<ContentHash> hashes;
  for (std::size_t index = 0; index < tables.size(); ++index) {
    hashes.push_back(
        hash_root(tables[index], leaf_hashes.data() + first_leaf[index], first_leaf[index + 1] - first_leaf[index]));
  }
  return hashes;
}

}  // namespace

std::vector<ContentHash> hash_tables(const std::vector<WorkTable>& tables, unsigned threads) {
  // Encoded texts, built once: per text column, and per referenced table.
  std::map<const void*, EncodedTexts> texts;
  std::vector<TableToHash> to_hash(tables.size());
  for (std::size_t index = 0; index < tables.size(); ++index) {
    to_hash[index].rows = tables[index].rows;
    for (const WorkColumn& column : tables[index].columns) {
      to_hash[index].fields.emplace_back(column.field->schema->name, column.type);
      ColumnEncoder encoder{cells_of(column)};
      choose_number_encoding(encoder, tables[index].rows, &column, texts);
      if (column.type == FieldType::Text) {
        encoder.texts = &texts.emplace(&column, encode_dictionary(column.dictionary)).first->second;
      } else if (column.type == FieldType::Reference) {
        auto found = texts.find(column.target);
        if (found == texts.end()) found = texts.emplace(column.target, encode_keys(*column.target)).first;
        encoder.texts = &found->second;
      }
      to_hash[index].encoders.push_back(encoder);
    }
  }
  return hash_all(to_hash, threads);
}

std::vector<ContentHash> hash_dataset(const Dataset& dataset, unsigned threads) {
  std::map<const void*, EncodedTexts> texts;
  std::vector<TableToHash> to_hash(dataset.tables.size());
  for (std::size_t index = 0; index < dataset.tables.size(); ++index) {
    const Table& table = dataset.tables[index];
    to_hash[index].rows = table.row_count;
    for (const Column& column : table.columns) {
      to_hash[index].fields.emplace_back(column.name, column.type);
      ColumnEncoder encoder{cells_of(column)};
      choose_number_encoding(encoder, table.row_count, &column, texts);
      if (column.type == FieldType::Text) {
        encoder.texts = &texts.emplace(&column, encode_dictionary(column.text().dictionary)).first->second;
      } else if (column.type == FieldType::Reference) {
        const Table* target = dataset.table(column.references);
        auto found = texts.find(target);
        if (found == texts.end()) found = texts.emplace(target, encode_keys(dataset, *target)).first;
        encoder.texts = &found->second;
      }
      to_hash[index].encoders.push_back(encoder);
    }
  }
  return hash_all(to_hash, threads);
}

}  // namespace accrue::data
