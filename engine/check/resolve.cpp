#include "check/resolve.h"

namespace accrue::check {

void resolve_and_type(Plan&, const diag::SourceMap&, diag::Diagnostics&) {}

}  // namespace accrue::check
