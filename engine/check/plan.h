// The checked plan: every module of the plan, resolved and typed.
#pragma once

#include <vector>

#include "syntax/ast.h"

namespace accrue::check {

struct Plan {
  std::vector<syntax::Module> modules;  // root first, then imports in load order
  bool is_module_only = false;          // no plan header: a library module checked alone
};

}  // namespace accrue::check
