// A progress bar for a processor run that ends when caught up (`sluice replay`, `sluice process
// --until-idle`): records judged so far out of those plus the lag still ahead, read from the
// run's ProcessProbe by a thread of its own. Draws only when stderr is a terminal.
#pragma once

#include <atomic>
#include <string>
#include <thread>

#include "core/progress_bar.h"
#include "process/probe.h"

namespace sluice::cli {

class ProbeProgress {
 public:
  ProbeProgress(std::string label, const ProcessProbe& probe);
  // Ends the bar's line, so that what the command prints next starts on a line of its own.
  ~ProbeProgress();
  ProbeProgress(const ProbeProgress&) = delete;
  ProbeProgress& operator=(const ProbeProgress&) = delete;

 private:
  const ProcessProbe& probe_;
  ProgressBar bar_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace sluice::cli
