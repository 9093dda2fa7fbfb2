// A progress line on stderr for long runs: shown only when stderr is a
// terminal and the work has taken more than a second, redrawn in place with
// \r and erased when the work ends, so pipes, logs and tests never see it.
#pragma once

#include <functional>
#include <string>

namespace accrue::cli {

// Runs `work` on a worker thread while the calling thread draws "label" with
// a spinner and the elapsed seconds (only on a terminal, only after 1 s).
void run_with_progress(const std::string& label, const std::function<void()>& work);

}  // namespace accrue::cli
