#include "schedule/runner/run_creation.h"

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
    run.tasks.push_back(NewTask{task.name, task.retries});
  }
  run.now_ms = now_ms;
  return run;
}

Result<std::vector<WorkflowRun>> create_due_runs(RunStore& store, const Workflow& workflow,
                                                 int64_t now_ms) {
  std::vector<WorkflowRun> made;
  SLUICE_ASSIGN_OR_RETURN(int active, store.count_active_runs(workflow.name));
  if (active >= workflow.max_active_runs) return made;
  SLUICE_ASSIGN_OR_RETURN(auto latest_ms, store.latest_scheduled_date(workflow.name));
  std::optional<Instant> latest;
  if (latest_ms) latest = instant_of_ms(*latest_ms);
  const auto due = due_logical_dates(workflow, latest, instant_of_ms(now_ms),
                                     static_cast<size_t>(workflow.max_active_runs - active));
  for (Instant date : due) {
    SLUICE_ASSIGN_OR_RETURN(
        NewRun run, new_run(workflow, ms_of_instant(date), RunKind::kScheduled, {}, now_ms));
    SLUICE_ASSIGN_OR_RETURN(CreatedRun created, store.create_run(run));
    if (created.created) made.push_back(std::move(created.run));
  }
  return made;
}

}  // namespace sluice::schedule
