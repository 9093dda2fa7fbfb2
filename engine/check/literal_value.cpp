#include "check/literal_value.h"

#include <array>

namespace accrue::check {
namespace {

using syntax::Expr;
using syntax::ExprKind;

bool is_time_unit(std::string_view unit) {
  static constexpr std::array<std::string_view, 8> kUnits = {"day",     "days",     "month", "months",
                                                             "quarter", "quarters", "year",  "years"};
  for (auto u : kUnits)
    if (u == unit) return true;
  return false;
}

bool numeric(const LiteralValue& v) { return v.kind == LiteralKind::Number; }

const num::Decimal& hundred() {
  static const num::Decimal h = num::Decimal::from_int(100);
  return h;
}

}  // namespace

std::optional<LiteralValue> literal_value(const Expr& e) {
  LiteralValue v;
  switch (e.kind) {
    case ExprKind::Number: {
      auto parsed = num::Decimal::parse(e.text);
      if (!parsed) return std::nullopt;
      v.value = *parsed;
      if (e.unit.text.empty()) v.kind = LiteralKind::Number;
      else {
        v.kind = is_time_unit(e.unit.text) ? LiteralKind::Duration : LiteralKind::Money;
        v.unit = e.unit.text;
      }
      return v;
    }
    case ExprKind::Percent: {
      auto parsed = percent_digits(e.text);
      if (!parsed) return std::nullopt;
      v.kind = LiteralKind::Percent;
      v.value = *parsed;
      return v;
    }
    case ExprKind::String: v.kind = LiteralKind::Text; break;
    case ExprKind::Date: v.kind = LiteralKind::Date; break;
    case ExprKind::Period: v.kind = LiteralKind::Period; break;
    case ExprKind::Bool: v.kind = LiteralKind::Bool; break;
    case ExprKind::Unary: {
      if (e.ops.empty() || e.ops[0] != "-" || e.args.size() != 1) return std::nullopt;
      auto inner = literal_value(*e.args[0]);
      if (!inner || (inner->kind != LiteralKind::Number && inner->kind != LiteralKind::Percent &&
                     inner->kind != LiteralKind::Money))
        return std::nullopt;
      inner->value = inner->value.negated();
      return inner;
    }
    default: return std::nullopt;
  }
  v.text = e.text;
  return v;
}

bool orderable(const LiteralValue& a, const LiteralValue& b) {
  if (numeric(a) && numeric(b)) return true;
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case LiteralKind::Percent:
    case LiteralKind::Date: return true;
    case LiteralKind::Money: return a.unit == b.unit;
    default: return false;
  }
}

std::strong_ordering compare(const LiteralValue& a, const LiteralValue& b) {
  // ISO dates order as text once both are well formed.
  if (a.kind == LiteralKind::Date) return a.text <=> b.text;
  return a.value <=> b.value;
}

std::string show(const LiteralValue& v) {
  switch (v.kind) {
    case LiteralKind::Number: return v.value.to_string();
    case LiteralKind::Percent: return show_percent(v.value);
    case LiteralKind::Money:
    case LiteralKind::Duration: return v.value.to_string() + " " + v.unit;
    case LiteralKind::Text: return "\"" + v.text + "\"";
    default: return v.text;
  }
}

std::string identity_key(const LiteralValue& v) {
  switch (v.kind) {
    case LiteralKind::Number: return "n:" + v.value.to_string();
    case LiteralKind::Percent: return "p:" + v.value.to_string();
    case LiteralKind::Money: return "m:" + v.value.to_string() + " " + v.unit;
    case LiteralKind::Duration: return "d:" + v.value.to_string() + " " + v.unit;
    case LiteralKind::Text: return "t:" + v.text;
    case LiteralKind::Date: return "D:" + v.text;
    case LiteralKind::Period: return "P:" + v.text;
    case LiteralKind::Bool: return "b:" + v.text;
  }
  return {};
}

std::optional<num::Decimal> percent_digits(std::string_view digits) {
  auto parsed = num::Decimal::parse(std::string(digits) + "%");
  if (!parsed) return std::nullopt;
  return *parsed;
}

std::string show_percent(const num::Decimal& fraction) {
  auto scaled = num::mul(fraction, hundred());
  return (scaled ? scaled->to_string() : fraction.to_string()) + "%";
}

std::string distance_to_whole(const num::Decimal& total, std::string_view what) {
  auto gap = num::sub(num::Decimal::from_int(1), total);
  if (!gap) return {};
  if (gap->sign() > 0) return "add " + show_percent(*gap) + " to the " + std::string(what) + " so that they total 100%";
  return "take " + show_percent(gap->negated()) + " off the " + std::string(what) + " so that they total 100%";
}

bool is_calendar_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  auto digits = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  int year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int last = kDays[static_cast<std::size_t>(month - 1)] + (month == 2 && leap ? 1 : 0);
  return day <= last;
}

diag::Span span_through(const diag::Span& a, const diag::Span& b) {
  if (!a.valid()) return b;
  if (!b.valid()) return a;
  return diag::Span{a.file, a.line, a.col, b.end_line, b.end_col};
}

std::string span_text(const diag::SourceMap& sources, const diag::Span& span) {
  if (!span.valid() || span.end_line != span.line || span.file >= sources.size()) return {};
  std::string_view line = sources.file(span.file).line_text(span.line);
  // Columns count code points; walk the UTF-8 to find the bytes.
  std::size_t begin = line.size(), end = line.size();
  std::uint32_t col = 1;
  for (std::size_t i = 0; i <= line.size(); ++i) {
    if (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
    if (col == span.col) begin = i;
    if (col == span.end_col) {
      end = i;
      break;
    }
    ++col;
  }
  if (begin >= end) return {};
  return std::string(line.substr(begin, end - begin));
}

}  // namespace accrue::check
