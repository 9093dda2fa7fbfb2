// RFC 4180 records from bytes in memory: quoted fields with embedded commas,
// doubled quotes and line breaks; CRLF or LF line ends; blank lines skipped.
// A record's row number is the physical line (1-based) on which it starts,
// so it matches what an editor shows even when a quoted cell spans lines.
// Fields are views into the input, or into a scratch buffer when a doubled
// quote had to be undone; they stay valid until the next call to next().
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace accrue::data {

class CsvReader {
 public:
  enum class Step : std::uint8_t { Record, End, Error };

  // Reads records from data[begin, end); `first_line` is the line number at begin.
  CsvReader(std::string_view data, std::size_t begin, std::size_t end, std::uint64_t first_line);

  Step next();

  std::uint64_t record_line() const { return record_line_; }
  // Where the next record would start, and its line.
  std::size_t position() const { return pos_; }
  std::uint64_t line() const { return line_; }
  const std::vector<std::string_view>& fields() const { return fields_; }

  // After Step::Error: what is wrong, on which line and in which field
  // (1-based). Reading resumes at the next line.
  const std::string& error() const { return error_; }
  std::uint64_t error_line() const { return error_line_; }
  std::uint32_t error_field() const { return error_field_; }

 private:
  Step fail(std::string message, std::uint64_t line, std::size_t field);
  void skip_rest_of_line();
  bool read_plain_record();
  std::size_t scan_unquoted(std::size_t pos) const;
  bool read_quoted(std::size_t field_index);

  std::string_view data_;
  std::size_t pos_;
  std::size_t end_;
  std::uint64_t line_;
  std::uint64_t record_line_ = 0;
  std::vector<std::string_view> fields_;
  struct Unescaped {
    std::size_t field_index, offset, length;
  };
  std::vector<Unescaped> unescaped_;
  std::string scratch_;
  std::string error_;
  std::uint64_t error_line_ = 0;
  std::uint32_t error_field_ = 0;
};

// A run of whole records in a file, for one parsing thread.
struct CsvChunk {
  std::size_t begin = 0, end = 0;
  std::uint64_t first_line = 1;
};

// Splits data[begin, size) into chunks of about `chunk_bytes` that start on
// record boundaries, found by the parity of the quotes before each cut (a
// newline ends a record only outside quotes). The cuts depend only on the
// bytes, never on the thread count, so results are the same with any number
// of threads. Counting runs on `threads` threads; `scanned(from, to)` is
// told of each range once it has been counted (the caller can let its
// memory go) and may be empty.
std::vector<CsvChunk> split_into_chunks(std::string_view data, std::size_t begin, std::uint64_t first_line,
                                        std::size_t chunk_bytes, unsigned threads,
                                        const std::function<void(std::size_t, std::size_t)>& scanned = {});

}  // namespace accrue::data
