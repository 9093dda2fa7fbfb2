// The plan header: valid currency, cadence and rounding mode, each setting
// once, a header only in the root plan, and one wherever the root pays.
#include <fmt/format.h>

#include <algorithm>

#include "check/resolver.h"
#include "num/num.h"

namespace accrue::check::detail {
namespace {

std::vector<std::string> currency_codes() {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < num::Currency::table_size(); ++i) out.emplace_back(num::Currency::at(i).code());
  return out;
}

}  // namespace

std::string currency_help(const std::string& wrong, const std::vector<std::string>& codes) {
  // Common names that are not ISO 4217 codes, where an edit-distance guess
  // would point at the wrong currency (RMB is one letter from RUB).
  static const std::vector<std::pair<std::string, std::string>> kAliases = {
      {"RMB", "CNY"}, {"NTD", "TWD"}, {"YEN", "JPY"}, {"EURO", "EUR"}, {"UKP", "GBP"}};
  for (const auto& [alias, code] : kAliases)
    if (wrong == alias) return fmt::format("the ISO 4217 code for {} is {}", alias, code);
  std::string close = diag::closest_name(wrong, codes);
  return close.empty() ? "use an ISO 4217 code such as CNY, USD or EUR" : fmt::format("did you mean '{}'?", close);
}

namespace {

std::string did_you_mean(const std::string& wrong, const std::vector<std::string>& candidates, std::string otherwise) {
  std::string close = diag::closest_name(wrong, candidates);
  return close.empty() ? otherwise : fmt::format("did you mean '{}'?", close);
}

bool starts_with_word(const diag::SourceMap& sources, Span s, std::string_view word) {
  if (!s.valid() || s.file >= sources.size()) return false;
  std::string_view line = sources.file(s.file).line_text(s.line);
  // Columns count code points; the header keywords are ASCII, so a byte
  // search from the column is exact whenever the prefix is ASCII too.
  if (s.col == 0 || s.col - 1 > line.size()) return false;
  return line.substr(s.col - 1).substr(0, word.size()) == word;
}

}  // namespace

void Resolver::check_header() {
  if (plan.modules.empty()) return;
  const syntax::Module& root = plan.modules.front();
  if (root.header) {
    const syntax::PlanHeader& h = *root.header;
    if (h.currency) {
      if (num::Currency::parse(h.currency->text)) {
        plan.currency = h.currency->text;
      } else {
        report(Code::E0206, h.currency->span, fmt::format("unknown currency '{}'", h.currency->text),
               currency_help(h.currency->text, currency_codes()));
      }
    }
    if (h.cadence) {
      static const std::vector<std::string> cadences = {"monthly", "quarterly", "yearly"};
      if (std::find(cadences.begin(), cadences.end(), h.cadence->text) != cadences.end()) {
        plan.cadence = h.cadence->text;
      } else {
        report(Code::E0209, h.cadence->span, fmt::format("unknown settlement cadence '{}'", h.cadence->text),
               did_you_mean(h.cadence->text, cadences, "plans settle monthly, quarterly or yearly"));
      }
    }
    if (h.rounding) {
      if (num::parse_rounding_mode(h.rounding->text)) {
        plan.rounding = h.rounding->text;
      } else {
        std::vector<std::string> modes;
        for (auto m : num::kAllRoundingModes) modes.emplace_back(num::to_string(m));
        report(Code::E0207, h.rounding->span, fmt::format("unknown rounding mode '{}'", h.rounding->text),
               did_you_mean(h.rounding->text, modes,
                            "rounding modes are half_even, half_up, half_down, down, up, floor and ceiling"));
      }
    }
    for (const Span& s : h.repeated_settings) {
      bool whole_header = starts_with_word(sources, s, "plan");
      auto* d = report(Code::E0205, s, whole_header ? "the plan header is given twice" : "this setting is given twice",
                       whole_header ? "a plan has one header; merge the two" : "keep one; the first one counts");
      if (d) d->notes.push_back({h.span, "the plan header is here"});
    }
  } else {
    for (const auto& d : root.decls) {
      if (d.kind != syntax::DeclKind::Payout) continue;
      report(Code::E0204, d.name.span, fmt::format("payout '{}' needs a plan header in this file", d.name.text),
             "add `plan \"Name\" version \"1\" { currency CNY  settle quarterly  round money half_even }` "
             "at the top; only library modules go without one");
      break;
    }
  }
  for (std::size_t i = 1; i < plan.modules.size(); ++i) {
    const auto& m = plan.modules[i];
    if (!m.header) continue;
    report(Code::E0208, m.header->span,
           fmt::format("'{}' is imported, so it cannot have a plan header", sources.file(m.file).path),
           "remove the header from the module; only the root plan has one");
  }
}

}  // namespace accrue::check::detail
