#include "syntax/token_names.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "PlanLexer.h"

namespace accrue::syntax {
namespace {

using accrue_gen::PlanLexer;

std::string symbolic(std::size_t type) {
  switch (type) {
    case PlanLexer::ID: return "a name";
    case PlanLexer::NUMBER: return "a number";
    case PlanLexer::PERCENT: return "a percent";
    case PlanLexer::STRING: return "a text in quotes";
    case PlanLexer::DATE: return "a date (YYYY-MM-DD)";
    case PlanLexer::PERIOD: return "a period (2026-Q1, 2026-H1, 2026-03)";
    case antlr4::Token::EOF: return "end of file";
    default: return "";
  }
}

}  // namespace

bool is_error_token(std::size_t type) {
  return type == PlanLexer::ERROR_CHAR || type == PlanLexer::UNTERMINATED_STRING ||
         type == PlanLexer::UNTERMINATED_COMMENT;
}

std::string describe_token(antlr4::Token* token, const antlr4::dfa::Vocabulary*) {
  if (token->getType() == antlr4::Token::EOF) return "end of file";
  std::string text = token->getText();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  std::string kind = symbolic(token->getType());
  if (token->getType() == PlanLexer::ID) return fmt::format("name '{}'", text);
  if (!kind.empty()) return fmt::format("{} {}", kind.substr(kind.find(' ') + 1), text);
  return fmt::format("'{}'", text);
}

std::vector<std::string> expected_descriptions(const antlr4::misc::IntervalSet& expected,
                                               const antlr4::dfa::Vocabulary& vocabulary) {
  std::set<std::string> words;
  bool any_name = false;
  for (auto type : expected.toList()) {
    auto t = static_cast<std::size_t>(type);
    if (t == PlanLexer::ID) any_name = true;
    std::string s = symbolic(t);
    if (s.empty()) {
      s = vocabulary.getLiteralName(t);
      if (s.empty()) continue;
    }
    words.insert(s);
  }
  std::vector<std::string> out;
  if (any_name && words.count("a number") && words.count("a percent")) return {"an expression"};
  // Soft keywords can stand for names: when a name fits, listing every
  // keyword that could too would only bury the message.
  for (const auto& w : words) {
    bool keyword = w.size() > 2 && w.front() == '\'' && std::isalpha(static_cast<unsigned char>(w[1]));
    if (any_name && keyword) continue;
    out.push_back(w);
  }
  return out;
}

std::string join_or(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
    out += items[i];
  }
  return out;
}

std::string quote_char(const std::string& utf8) {
  if (utf8.size() == 1 && !std::isprint(static_cast<unsigned char>(utf8[0])))
    return fmt::format("U+{:04X}", static_cast<unsigned char>(utf8[0]));
  return fmt::format("'{}'", utf8);
}

std::string char_help(const std::string& utf8) {
  if (utf8 == "'") return "texts are written in double quotes: \"like this\"";
  if (utf8 == "#") return "comments start with //";
  if (utf8 == "=" ) return "compare with ==";
  if (utf8 == "&" || utf8 == "|") return "write `and` and `or`";
  if (utf8 == "!") return "write `not`, or != to compare";
  if (utf8 == ";") return "declarations need no ';'";
  return "";
}

}  // namespace accrue::syntax
