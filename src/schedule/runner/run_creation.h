// Making runs in the store: the scheduled runs a workflow's schedule calls for, a manual run
// (`sluice trigger`) and backfill runs (`sluice backfill`). Every run is made with create_run,
// which makes a (workflow, logical date) exactly once however many callers race.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "schedule/store/run_store.h"
#include "schedule/workflow.h"

namespace sluice::schedule {

// The NewRun of `workflow` for `logical_date_ms`: its tasks in topological order, those with no
// upstream task created queued (ready since the run became due), params the workflow's merged
// with `overrides` (kInvalidArgument for an override it does not declare).
Result<NewRun> new_run(const Workflow& workflow, int64_t logical_date_ms, RunKind kind,
                       const std::map<std::string, std::string>& overrides, int64_t now_ms);

// The scheduled runs of a workflow that are due, and when to look again.
struct DuePlan {
  std::vector<NewRun> runs;  // to make (create_runs), oldest logical date first
  // When the next scheduled run becomes due (at or before now_ms: more are due already);
  // nullopt when none ever will.
  std::optional<int64_t> next_due_ms;
  bool at_max_active = false;  // max_active_runs left no room: look again when a run ends
};

// The scheduled runs of `workflow` that are due at now_ms (due_runs.h), given what the store
// holds of it (RunStore::schedule_states), no more than max_active_runs leaves room for. The
// caller makes them, with the runs of other workflows, in one create_runs().
Result<DuePlan> plan_due_runs(const Workflow& workflow, const ScheduleState& state, int64_t now_ms);

}  // namespace sluice::schedule
