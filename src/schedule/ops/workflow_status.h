// A workflow as it stands (`sluice workflows list`, GET /api/v1/workflows): whether it is
// paused, when its next scheduled run is due, and its latest run. Pausing and unpausing
// (`sluice pause`, PATCH /api/v1/workflows/{name}) set the run store's flag, which overrides
// the config's `paused`.
#pragma once

#include <cstdint>
#include <optional>

#include "core/status.h"
#include "schedule/store/run_store.h"
#include "schedule/time_zone.h"
#include "schedule/workflow.h"

namespace sluice::schedule {

struct WorkflowStatus {
  bool paused = false;                       // in effect: the store's flag, else the config's
  std::optional<bool> paused_in_store;       // none: never paused or unpaused by a command
  std::optional<Instant> next_logical_date;  // of the next scheduled run, if one will come
  std::optional<Instant> next_due;           // when it becomes due (its interval's end)
  std::optional<WorkflowRun> latest_run;     // by logical date, of any kind
};

// As seen at now_ms: next_due is due_runs.h's next_due_time() (a time already past when a run
// is due and no scheduler has made it yet).
Result<WorkflowStatus> workflow_status(RunStore& store, const Workflow& workflow, int64_t now_ms);

Status set_workflow_paused(RunStore& store, const Workflow& workflow, bool paused, int64_t now_ms);

}  // namespace sluice::schedule
