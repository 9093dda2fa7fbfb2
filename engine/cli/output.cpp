#include "cli/output.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace accrue::cli {

bool stderr_wants_color() {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return isatty(STDERR_FILENO) == 1;
}

void print_diagnostics(const diag::Diagnostics& ds, const diag::SourceMap& sources, Format format) {
  if (format == Format::Json) {
    std::string json = diag::render_json(ds.items(), sources);
    std::fwrite(json.data(), 1, json.size(), stdout);
    return;
  }
  diag::RenderOptions options{stderr_wants_color()};
  for (const auto& d : ds.items()) {
    std::string text = diag::render_text(d, sources, options);
    std::fwrite(text.data(), 1, text.size(), stderr);
  }
}

}  // namespace accrue::cli
