#include "schedule/runner/run_creation.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "schedule/dag.h"
#include "schedule/due_runs.h"
#include "schedule/task_template.h"

namespace sluice::schedule {

Result<NewRun> new_run(const Workflow& workflow, int64_t logical_date_ms, RunKind kind,
                       const std::map<std::string, std::string>& overrides, int64_t now_ms) {
  SLUICE_ASSIGN_OR_RETURN(auto params, merge_params(workflow, overrides));
  NewRun run;
  run.workflow = workflow.name;
  run.logical_date_ms = logical_date_ms;
  run.data_interval_end_ms =
      ms_of_instant(data_interval(workflow, instant_of_ms(logical_date_ms)).end);
  run.kind = kind;
  run.params = std::move(params);
  for (size_t index : topological_order(workflow)) {
    const TaskSpec& task = workflow.tasks[index];
    run.tasks.push_back(NewTask{task.name, task.retries, task.upstream.empty()});
  }
  run.now_ms = now_ms;
  // As advance_run() would date them: ready since the run became due (run_advance.h).
  const int64_t due = kind == RunKind::kScheduled ? run.data_interval_end_ms : now_ms;
  run.ready_at_ms = std::min(due, now_ms);
  return run;
}

Result<DuePlan> plan_due_runs(const Workflow& workflow, const ScheduleState& state,
                              int64_t now_ms) {
  DuePlan out;
  std::optional<Instant> latest;
  if (state.latest_scheduled_ms) latest = instant_of_ms(*state.latest_scheduled_ms);
  const Instant now = instant_of_ms(now_ms);
  if (due_logical_dates(workflow, latest, now, 1).empty()) {
    if (auto next = next_due_time(workflow, latest, now)) out.next_due_ms = ms_of_instant(*next);
    return out;
  }
  const int room = workflow.max_active_runs - state.active_runs;
  const auto due = due_logical_dates(workflow, latest, now, static_cast<size_t>(std::max(room, 0)));
  for (Instant date : due) {
    SLUICE_ASSIGN_OR_RETURN(
        NewRun run, new_run(workflow, ms_of_instant(date), RunKind::kScheduled, {}, now_ms));
    out.runs.push_back(std::move(run));
    latest = date;
  }
  out.at_max_active = room <= static_cast<int>(due.size());
  if (auto next = next_due_time(workflow, latest, now)) out.next_due_ms = ms_of_instant(*next);
  return out;
}

}  // namespace sluice::schedule
