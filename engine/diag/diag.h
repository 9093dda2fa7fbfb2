// Diagnostics: what accrue tells a plan author when something is wrong.
// Every user-facing problem is a Diagnostic value (stable code, severity,
// primary span, optional labelled secondary spans, help) collected in a list
// and rendered once, as text for people or JSON for CI. Positions are 1-based
// lines and columns counted in Unicode code points.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace accrue::diag {

enum class Code : std::uint16_t {
#define ACCRUE_DIAG(code, severity, summary) code,
#include "codes.def"
#undef ACCRUE_DIAG
};

enum class Severity : std::uint8_t { Error, Warning };

std::string_view code_name(Code code);           // "E0301"
std::string_view code_summary(Code code);        // "unknown name"
Severity code_severity(Code code);
std::optional<Code> code_from_name(std::string_view name);
std::vector<Code> all_codes();

// One source text, loaded once; spans refer to it by index in a SourceMap.
struct SourceFile {
  std::string path;  // as shown to the user (relative when it was given so)
  std::string text;
  std::vector<std::uint32_t> line_starts;  // byte offset of each line

  SourceFile(std::string path, std::string text);
  std::string_view line_text(std::uint32_t line) const;  // 1-based, no newline
  std::uint32_t line_count() const { return static_cast<std::uint32_t>(line_starts.size()); }
};

using FileId = std::uint32_t;

class SourceMap {
 public:
  FileId add(std::string path, std::string text);
  const SourceFile& file(FileId id) const { return *files_[id]; }
  std::size_t size() const { return files_.size(); }

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

// A range in a file: 1-based line and column (code points); the end column is
// one past the last code point, so a one-character span has end_col = col + 1.
struct Span {
  FileId file = 0;
  std::uint32_t line = 0, col = 0, end_line = 0, end_col = 0;
  bool valid() const { return line != 0; }
};

struct Label {
  Span span;
  std::string message;
};

struct Diagnostic {
  Code code{};
  Severity severity = Severity::Error;
  Span span;
  std::string message;
  std::string help;             // empty when no help applies
  std::vector<Label> notes;     // secondary spans ("defined here", "cycle goes through")
};

// Collects diagnostics from every stage; sorted before rendering so golden
// files never flap.
class Diagnostics {
 public:
  Diagnostic& report(Code code, Span span, std::string message, std::string help = {});
  void append(const Diagnostics& other);
  void sort();
  bool has_errors() const;
  std::size_t error_count() const;
  std::size_t warning_count() const;
  const std::vector<Diagnostic>& items() const { return items_; }
  bool empty() const { return items_.empty(); }

 private:
  std::vector<Diagnostic> items_;
};

struct RenderOptions {
  bool color = false;
};

// Text form: `path:line:col: error[CODE]: message`, the source line, an
// underline under the span, then `help:` and notes.
std::string render_text(const Diagnostic& d, const SourceMap& sources, const RenderOptions& options);
// One JSON array for every diagnostic, in order.
std::string render_json(const std::vector<Diagnostic>& ds, const SourceMap& sources);

// Closest candidate by edit distance, for "did you mean" help; empty if none is close.
std::string closest_name(std::string_view wrong, const std::vector<std::string>& candidates);

// Display width of a code point in a terminal (2 for East Asian wide/fullwidth).
int display_width(char32_t cp);
// Decode UTF-8; returns false on invalid input and sets error_offset.
bool decode_utf8(std::string_view text, std::u32string& out, std::size_t& error_offset);

}  // namespace accrue::diag
