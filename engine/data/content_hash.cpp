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

// How one column's cells are written. Text and reference cells copy a
// pre-encoded entry: of the column's dictionary, or of the target table's
// keys in row order (so a reference costs one read, not a walk from row to
// key code to dictionary offset to bytes).
struct ColumnEncoder {
  const WorkColumn* column = nullptr;
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
bool encode_number_range(const WorkColumn& column, std::size_t rows, std::int64_t& lowest, EncodedTexts& texts) {
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
// in a table that loaded cleanly).
EncodedTexts encode_keys(const WorkTable& table) {
  const WorkColumn& key = table.columns[*table.key_column];
  EncodedTexts texts;
  texts.reserve(table.rows, table.rows * 8);
  std::string text;
  for (std::size_t row = 0; row < table.rows; ++row) {
    text.clear();
    if (!key.null_at(row)) append_canonical_text(key, row, text);
    texts.add(text);
  }
  texts.seal();
  return texts;
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
      const WorkColumn& column = *encoder.column;
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

ContentHash hash_root(const WorkTable& table, const ContentHash* leaves, std::size_t leaf_count) {
  std::string header = "accrue-table-v1\n";
  for (const WorkColumn& column : table.columns) {
    header += column.field->schema->name;
    header += ':';
    header += field_type_name(column.type);
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

}  // namespace

std::vector<ContentHash> hash_tables(const std::vector<WorkTable>& tables, unsigned threads) {
  // Encoded texts, built once: per text column, and per referenced table.
  std::map<const void*, EncodedTexts> texts;
  std::vector<std::vector<ColumnEncoder>> encoders(tables.size());
  for (std::size_t index = 0; index < tables.size(); ++index) {
    for (const WorkColumn& column : tables[index].columns) {
      ColumnEncoder encoder{&column, nullptr};
      const bool number = column.type == FieldType::Integer || column.type == FieldType::Number ||
                          column.type == FieldType::Percent || column.type == FieldType::Money;
      EncodedTexts range;
      if (number && encode_number_range(column, tables[index].rows, encoder.lowest, range)) {
        encoder.numbers = &texts.emplace(&column, std::move(range)).first->second;
      } else if (column.type == FieldType::Text) {
        encoder.texts = &texts.emplace(&column, encode_dictionary(column.dictionary)).first->second;
      } else if (column.type == FieldType::Reference) {
        auto found = texts.find(column.target);
        if (found == texts.end()) found = texts.emplace(column.target, encode_keys(*column.target)).first;
        encoder.texts = &found->second;
      }
      encoders[index].push_back(encoder);
    }
  }

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
    leaf_hashes[leaf] = hash_leaf(encoders[at.table], at.begin, at.end);
  });

  std::vector<ContentHash> hashes;
  for (std::size_t index = 0; index < tables.size(); ++index) {
    hashes.push_back(
        hash_root(tables[index], leaf_hashes.data() + first_leaf[index], first_leaf[index + 1] - first_leaf[index]));
  }
  return hashes;
}

}  // namespace accrue::data
