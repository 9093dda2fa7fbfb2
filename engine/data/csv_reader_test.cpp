#include "engine/data/csv_reader.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace accrue::data;

namespace {

struct Record {
  std::uint64_t line;
  std::vector<std::string> fields;
  bool operator==(const Record&) const = default;
};

std::vector<Record> read_all(std::string_view text, std::vector<std::string>* errors = nullptr) {
  CsvReader reader(text, 0, text.size(), 1);
  std::vector<Record> records;
  for (;;) {
    const auto step = reader.next();
    if (step == CsvReader::Step::End) break;
    if (step == CsvReader::Step::Error) {
      if (errors) errors->push_back(std::to_string(reader.error_line()) + ":" + std::to_string(reader.error_field()) + " " + reader.error());
      continue;
    }
    Record record{reader.record_line(), {}};
    for (const auto field : reader.fields()) record.fields.emplace_back(field);
    records.push_back(record);
  }
  return records;
}

}  // namespace

TEST_CASE("csv: RFC 4180 quoting") {
  const auto records = read_all("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"\"\n");
  REQUIRE(records.size() == 2);
  CHECK(records[1].fields == std::vector<std::string>{"x, y", "say \"hi\"", ""});
}

TEST_CASE("csv: row numbers are the physical line of the record start") {
  const auto records = read_all("h1,h2\n\"multi\nline\",1\n\nnext,2\r\nlast,3");
  REQUIRE(records.size() == 4);
  CHECK(records[1] == Record{2, {"multi\nline", "1"}});
  CHECK(records[2] == Record{5, {"next", "2"}});
  CHECK(records[3] == Record{6, {"last", "3"}});
}

TEST_CASE("csv: CRLF and LF both end records, empty trailing fields count") {
  const auto records = read_all("a,b\r\n1,\r\n,2\n");
  REQUIRE(records.size() == 3);
  CHECK(records[1].fields == std::vector<std::string>{"1", ""});
  CHECK(records[2].fields == std::vector<std::string>{"", "2"});
}

TEST_CASE("csv: malformed quoting is an error located on its line, reading goes on") {
  std::vector<std::string> errors;
  const auto records = read_all("a,b\nab\"c,1\n\"x\"y,2\nok,3\n\"open,4\n", &errors);
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].rfind("2:1 quote inside an unquoted field", 0) == 0);
  CHECK(errors[1].rfind("3:1 unexpected character after a closing quote", 0) == 0);
  CHECK(errors[2].rfind("5:1 quoted field is never closed", 0) == 0);
  REQUIRE(records.size() == 2);
  CHECK(records[1] == Record{4, {"ok", "3"}});
}

TEST_CASE("csv: chunked reading gives exactly the records of one pass") {
  std::string text = "id,note,amount\n";
  for (int row = 0; row < 2000; ++row) {
    text += std::to_string(row);
    text += row % 7 == 0 ? ",\"line one\nline \"\"two\"\", with comma\"," : ",plain,";
    text += std::to_string(row * 3) + (row % 2 == 0 ? "\r\n" : "\n");
  }
  const auto whole = read_all(text);
  for (std::size_t chunk_bytes : {64u, 100u, 1000u, 7777u}) {
    const auto chunks = split_into_chunks(text, 0, 1, chunk_bytes, 2);
    CHECK(chunks.size() > 1);
    std::vector<Record> pieced;
    std::size_t expected_begin = 0;
    for (const CsvChunk& chunk : chunks) {
      CHECK(chunk.begin == expected_begin);
      expected_begin = chunk.end;
      CsvReader reader(text, chunk.begin, chunk.end, chunk.first_line);
      while (reader.next() == CsvReader::Step::Record) {
        Record record{reader.record_line(), {}};
        for (const auto field : reader.fields()) record.fields.emplace_back(field);
        pieced.push_back(record);
      }
    }
    CHECK(expected_begin == text.size());
    CHECK(pieced == whole);
  }
}
