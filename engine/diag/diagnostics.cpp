#include "diag.h"

#include <algorithm>
#include <tuple>

namespace accrue::diag {

Diagnostic& Diagnostics::report(Code code, Span span, std::string message, std::string help) {
  Diagnostic d;
  d.code = code;
  d.severity = code_severity(code);
  d.span = span;
  d.message = std::move(message);
  d.help = std::move(help);
  items_.push_back(std::move(d));
  return items_.back();
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

void Diagnostics::sort() {
  // By location, then severity, then text: the order never depends on the
  // order in which passes happened to find things.
  auto key = [](const Diagnostic& d) {
    // A diagnostic without a line (about the whole file) comes after the
    // file's located ones.
    std::uint32_t line = d.span.valid() ? d.span.line : UINT32_MAX;
    return std::tuple(d.span.file, line, d.span.col, d.severity, code_name(d.code), d.message);
  };
  std::stable_sort(items_.begin(), items_.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  items_.erase(std::unique(items_.begin(), items_.end(),
                           [&](const Diagnostic& a, const Diagnostic& b) { return key(a) == key(b); }),
               items_.end());
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

std::size_t Diagnostics::error_count() const {
  return static_cast<std::size_t>(std::count_if(
      items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::Error; }));
}

std::size_t Diagnostics::warning_count() const { return items_.size() - error_count(); }

}  // namespace accrue::diag
