#include "diag.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace accrue::diag {
namespace {

constexpr std::string_view kRed = "\x1b[1;31m", kYellow = "\x1b[1;33m", kBlue = "\x1b[1;34m",
                           kBold = "\x1b[1m", kReset = "\x1b[0m";

std::string paint(std::string_view text, std::string_view color, bool on) {
  return on ? fmt::format("{}{}{}", color, text, kReset) : std::string(text);
}

// The gutter pad and the underline for one line, in terminal cells, so the
// carets sit under the span even when the line holds wide (CJK) characters
// or tabs.
std::string underline(std::string_view line, std::uint32_t col, std::uint32_t end_col) {
  std::u32string cps;
  std::size_t bad = 0;
  if (!decode_utf8(line, cps, bad)) cps.assign(line.begin(), line.end());
  std::string out;
  std::uint32_t c = 1;
  for (; c < col && c <= cps.size(); ++c) {
    char32_t cp = cps[c - 1];
    if (cp == '\t') out += '\t';
    else out.append(static_cast<std::size_t>(display_width(cp)), ' ');
  }
  if (c < col) out.append(col - c, ' ');
  std::size_t carets = 0;
  for (std::uint32_t k = col; k < end_col && k <= cps.size(); ++k) carets += static_cast<std::size_t>(display_width(cps[k - 1]));
  out.append(std::max<std::size_t>(carets, 1), '^');
  return out;
}

std::string location(const Span& s, const SourceMap& sources) {
  if (!s.valid()) return s.file < sources.size() ? sources.file(s.file).path : std::string("<input>");
  return fmt::format("{}:{}:{}", sources.file(s.file).path, s.line, s.col);
}

// Very long lines (a 10 MB line of garbage) are shown as a window around the
// span, not in full.
constexpr std::size_t kMaxShownLine = 400;

}  // namespace

std::string render_text(const Diagnostic& d, const SourceMap& sources, const RenderOptions& options) {
  bool color = options.color;
  bool error = d.severity == Severity::Error;
  std::string out = fmt::format("{}: {}: {}\n", paint(location(d.span, sources), kBold, color),
                                paint(fmt::format("{}[{}]", error ? "error" : "warning", code_name(d.code)),
                                      error ? kRed : kYellow, color),
                                paint(d.message, kBold, color));
  if (d.span.valid() && d.span.file < sources.size()) {
    const SourceFile& f = sources.file(d.span.file);
    std::string_view line = f.line_text(d.span.line);
    if (line.size() <= kMaxShownLine) {
      std::uint32_t end_col = d.span.end_line == d.span.line ? d.span.end_col : d.span.col + static_cast<std::uint32_t>(line.size()) + 1;
      std::string number = std::to_string(d.span.line);
      std::string pad(number.size(), ' ');
      out += fmt::format("{} {} {}\n", paint(number, kBlue, color), paint("|", kBlue, color), line);
      out += fmt::format("{} {} {}\n", pad, paint("|", kBlue, color),
                         paint(underline(line, d.span.col, std::max(end_col, d.span.col + 1)), error ? kRed : kYellow, color));
    }
  }
  if (!d.help.empty()) out += fmt::format("{} {}\n", paint("help:", kBold, color), d.help);
  for (const auto& n : d.notes) out += fmt::format("{} {}: {}\n", paint("note:", kBold, color), location(n.span, sources), n.message);
  return out;
}

std::string render_json(const std::vector<Diagnostic>& ds, const SourceMap& sources) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const auto& d : ds) {
    nlohmann::ordered_json j;
    j["file"] = d.span.file < sources.size() ? sources.file(d.span.file).path : std::string();
    j["line"] = d.span.line;
    j["column"] = d.span.col;
    j["end_line"] = d.span.end_line;
    j["end_column"] = d.span.end_col;
    j["severity"] = d.severity == Severity::Error ? "error" : "warning";
    j["code"] = std::string(code_name(d.code));
    j["message"] = d.message;
    j["help"] = d.help;
    nlohmann::ordered_json notes = nlohmann::ordered_json::array();
    for (const auto& n : d.notes) {
      nlohmann::ordered_json nj;
      nj["file"] = n.span.file < sources.size() ? sources.file(n.span.file).path : std::string();
      nj["line"] = n.span.line;
      nj["column"] = n.span.col;
      nj["message"] = n.message;
      notes.push_back(nj);
    }
    j["notes"] = notes;
    arr.push_back(j);
  }
  // Replace, never throw, on text that is not UTF-8 (a message quoting garbage).
  return arr.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace accrue::diag
