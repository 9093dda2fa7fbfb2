// How the CLI talks to people and to CI: color only on a terminal and never
// with NO_COLOR; diagnostics on stderr; JSON alone on stdout.
#pragma once

#include <string>
#include <vector>

#include "diag/diag.h"

namespace accrue::cli {

enum class Format { Text, Json };

bool stderr_wants_color();
void print_diagnostics(const diag::Diagnostics& ds, const diag::SourceMap& sources, Format format);

}  // namespace accrue::cli
