// The syntax layer reads plan text into the AST (ast.h). It is the only place
// that knows the parser generator exists: callers get a Module and a list of
// diagnostics, never a parse tree. Hostile input is bounded here (size,
// nesting depth, error count) before any recursive stage sees it.
#pragma once

#include <cstddef>

#include "diag/diag.h"
#include "syntax/ast.h"

namespace accrue::syntax {

struct ParseLimits {
  std::size_t max_bytes = 16u << 20;  // a plan is text written by people
  int max_depth = 100;                // brackets, braces and prefix operators
  std::size_t max_errors = 50;        // per file, then one E0109 with the rest counted
  std::size_t max_decl_tokens = 50000;    // one declaration; a 20,000-line plan has ~15 per line
  std::size_t max_file_tokens = 4000000;  // bounds the token buffer's memory
};

struct ParseResult {
  Module module;
  diag::Diagnostics diagnostics;
};

ParseResult parse(const diag::SourceMap& sources, diag::FileId file, const ParseLimits& limits = {});

}  // namespace accrue::syntax
