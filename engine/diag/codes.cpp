#include "diag.h"

#include <array>

namespace accrue::diag {
namespace {

struct CodeInfo {
  std::string_view name;
  Severity severity;
  std::string_view summary;
};

constexpr std::array kCodes = {
#define ACCRUE_DIAG(code, sev, summary) CodeInfo{#code, Severity::sev, summary},
#include "codes.def"
#undef ACCRUE_DIAG
};

}  // namespace

std::string_view code_name(Code code) { return kCodes[static_cast<std::size_t>(code)].name; }
std::string_view code_summary(Code code) { return kCodes[static_cast<std::size_t>(code)].summary; }
Severity code_severity(Code code) { return kCodes[static_cast<std::size_t>(code)].severity; }

std::optional<Code> code_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kCodes.size(); ++i)
    if (kCodes[i].name == name) return static_cast<Code>(i);
  return std::nullopt;
}

std::vector<Code> all_codes() {
  std::vector<Code> out;
  for (std::size_t i = 0; i < kCodes.size(); ++i) out.push_back(static_cast<Code>(i));
  return out;
}

}  // namespace accrue::diag
