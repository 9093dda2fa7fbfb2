// The exit codes every accrue command uses; the README lists them.
#pragma once

namespace accrue::cli {

enum ExitCode : int {
  kOk = 0,         // success (warnings allowed unless --strict)
  kFailed = 1,     // an error in a plan or its data, or a warning under --strict
  kUsage = 2,      // bad flags, or a file named on the command line is missing or unreadable
  kMismatch = 3,   // verify/replay found a difference (kept for those commands)
};

}  // namespace accrue::cli
