#include "schedule/ops/task_log.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "schedule/ops/lookup.h"

namespace sluice::schedule {

Result<AttemptLog> read_attempt_log(RunStore& store, const Workflow& workflow,
                                    const WorkflowRun& run, std::string_view task,
                                    std::optional<int> attempt, Blame* blame) {
  auto index = find_task(workflow, task);
  if (!index.ok()) return blamed(blame, "task", index.status());
  AttemptLog log;
  SLUICE_ASSIGN_OR_RETURN(log.attempts, store.log_attempts(run.id, task));
  if (log.attempts.empty()) {
    return Status::not_found(fmt::format("task \"{}\" of run {} has no log yet", task, run.run_id));
  }
  log.attempt = attempt.value_or(log.attempts.back());
  if (std::find(log.attempts.begin(), log.attempts.end(), log.attempt) == log.attempts.end()) {
    return blamed(blame, "attempt",
                  Status::not_found(fmt::format(
                      "task \"{}\" of run {} has no log of attempt {} (attempts with a log: {})",
                      task, run.run_id, log.attempt, fmt::join(log.attempts, ", "))));
  }
  SLUICE_ASSIGN_OR_RETURN(log.text, store.read_log(run.id, task, log.attempt));
  return log;
}

}  // namespace sluice::schedule
