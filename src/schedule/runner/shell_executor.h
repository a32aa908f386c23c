// The `shell` task kind: `/bin/sh -c COMMAND` in a process group of its own, its stdout and
// stderr (merged, in order) into the attempt's log. Exit 0 is success; another exit status or a
// signal fails the attempt, naming it. On cancel (timeout, lost lease, shutdown) the whole group
// gets SIGTERM, then SIGKILL after the grace period, so children the command started stop too.
// The shell dies with the scheduler process (PR_SET_PDEATHSIG): a scheduler killed mid-task
// leaves no attempt running that a re-queued one would repeat.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "core/status.h"
#include "schedule/runner/task_executor.h"

namespace sluice::schedule {

struct ShellOptions {
  std::chrono::milliseconds kill_grace{5000};  // SIGTERM to SIGKILL
};

// Runs `command` until it exits or `cancel` is set; output goes to `log` as it comes.
Status run_shell(const std::string& command, AttemptLog& log, const std::atomic<bool>& cancel,
                 const ShellOptions& options = {});

}  // namespace sluice::schedule
