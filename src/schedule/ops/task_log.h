// One attempt's log of a task instance (`sluice task-log`, GET .../tasks/{task}/logs/{attempt}).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "schedule/ops/blame.h"
#include "schedule/store/run_store.h"
#include "schedule/workflow.h"

namespace sluice::schedule {

struct AttemptLog {
  int attempt = 0;
  std::string text;
  std::vector<int> attempts;  // every attempt of the instance that has a log, ascending
};

// The log of `attempt` (none: the latest) of `task` in `run`. kNotFound blaming "task" for a
// task the workflow does not have, "attempt" for an attempt without a log (the message lists
// those with one); kNotFound blaming nothing when no attempt has a log yet.
Result<AttemptLog> read_attempt_log(RunStore& store, const Workflow& workflow,
                                    const WorkflowRun& run, std::string_view task,
                                    std::optional<int> attempt, Blame* blame);

}  // namespace sluice::schedule
