// libFuzzer target: any bytes, as a plan file, through the parser and the
// whole checker. It must never crash, hang or leak, whatever the input.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "check/check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The checker reads plans from disk (imports are relative to the file), so
  // each input becomes a file in a private folder in memory.
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::exists("/dev/shm") ? std::filesystem::path("/dev/shm") : std::filesystem::temp_directory_path();
    d /= "accrue-fuzz-" + std::to_string(getpid());
    std::filesystem::create_directories(d);
    return d;
  }();
  const auto path = dir / "input.plan";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  accrue::diag::SourceMap sources;
  accrue::check::CheckOptions options;
  options.stdlib_dir = ACCRUE_FUZZ_STDLIB;
  auto result = accrue::check::check_plan_file(path, sources, options);
  for (const auto& d : result.diagnostics.items()) (void)accrue::diag::render_text(d, sources, {});
  (void)accrue::diag::render_json(result.diagnostics.items(), sources);
  return 0;
}
