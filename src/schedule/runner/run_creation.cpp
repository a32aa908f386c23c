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

Result<DueRuns> create_due_runs(RunStore& store, const Workflow& workflow, int64_t now_ms) {
  DueRuns out;
  SLUICE_ASSIGN_OR_RETURN(auto latest_ms, store.latest_scheduled_date(workflow.name));
  std::optional<Instant> latest;
  if (latest_ms) latest = instant_of_ms(*latest_ms);
  const Instant now = instant_of_ms(now_ms);
  // Nothing due: no need to count the active runs.
  if (due_logical_dates(workflow, latest, now, 1).empty()) {
    if (auto next = next_due_time(workflow, latest, now)) out.next_due_ms = ms_of_instant(*next);
    return out;
  }
  SLUICE_ASSIGN_OR_RETURN(int active, store.count_active_runs(workflow.name));
  const int room = workflow.max_active_runs - active;
  const auto due = due_logical_dates(workflow, latest, now, static_cast<size_t>(std::max(room, 0)));
  for (Instant date : due) {
    SLUICE_ASSIGN_OR_RETURN(
        NewRun run, new_run(workflow, ms_of_instant(date), RunKind::kScheduled, {}, now_ms));
    SLUICE_ASSIGN_OR_RETURN(CreatedRun created, store.create_run(run));
    if (created.created) out.made.push_back(std::move(created.run));
    latest = date;
  }
  out.at_max_active = room <= static_cast<int>(due.size());
  if (auto next = next_due_time(workflow, latest, now)) out.next_due_ms = ms_of_instant(*next);
  return out;
}

}  // namespace sluice::schedule
