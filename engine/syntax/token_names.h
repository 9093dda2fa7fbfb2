// Internal to the syntax layer: how tokens are named to plan authors
// ("a number", "'{'", "end of file"), replacing the generator's token names.
#pragma once

#include <string>
#include <vector>

#include "antlr4-runtime.h"

namespace accrue::syntax {

bool is_error_token(std::size_t type);
std::string describe_token(antlr4::Token* token, const antlr4::dfa::Vocabulary* vocabulary);
std::vector<std::string> expected_descriptions(const antlr4::misc::IntervalSet& expected,
                                               const antlr4::dfa::Vocabulary& vocabulary);
std::string join_or(const std::vector<std::string>& items);
std::string quote_char(const std::string& utf8);
std::string char_help(const std::string& utf8);

}  // namespace accrue::syntax
