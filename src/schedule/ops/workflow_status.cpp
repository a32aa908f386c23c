#include "schedule/ops/workflow_status.h"

#include <chrono>

#include "schedule/due_runs.h"

namespace sluice::schedule {

Result<WorkflowStatus> workflow_status(RunStore& store, const Workflow& workflow, int64_t now_ms) {
  WorkflowStatus status;
  SLUICE_ASSIGN_OR_RETURN(status.paused_in_store, store.paused(workflow.name));
  status.paused = status.paused_in_store.value_or(workflow.paused);
  SLUICE_ASSIGN_OR_RETURN(auto latest_ms, store.latest_scheduled_date(workflow.name));
  std::optional<Instant> since;
  if (latest_ms) since = instant_of_ms(*latest_ms);
  status.next_due = next_due_time(workflow, since, instant_of_ms(now_ms));
  // The run due at T covers [D, T): D is the last fire time before T.
  if (status.next_due) {
    status.next_logical_date =
        latest_fire_at_or_before(workflow, *status.next_due - std::chrono::seconds(1));
  }
  SLUICE_ASSIGN_OR_RETURN(auto latest, store.list_runs(workflow.name, 1, 0));
  if (!latest.empty()) status.latest_run = std::move(latest.front());
  return status;
}

Status set_workflow_paused(RunStore& store, const Workflow& workflow, bool paused, int64_t now_ms) {
  return store.set_paused(workflow.name, paused, now_ms);
}

}  // namespace sluice::schedule
