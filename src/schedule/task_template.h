// Templating of task arguments (docs/workflows.md, "Templating"): `{{ name }}` placeholders in a
// task's templated arguments (shell `command`; http `url`, `body` and header values; replay
// `from_time`) are filled in for each run.
//
//   ds                    the logical date in the workflow's time zone: 2024-03-31
//   ts                    the logical date in that zone with its offset: 2024-03-31T00:00:00+02:00
//   logical_date          the logical date in UTC: 2024-03-30T22:00:00Z
//   data_interval_start   the run's data interval in UTC (data_interval_start = logical_date)
//   data_interval_end
//   run_id                the run's id, as the caller names it
//   params.NAME           the run's value of parameter NAME (the workflow's `params`, overridden
//                         by the trigger's)
//
// Loading checks every template (check_task_templates), so rendering a loaded task fails only
// for a run whose params lack a name; errors name the task and the argument.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "schedule/due_runs.h"
#include "schedule/workflow.h"

namespace sluice {

// What one run gives the templates of its tasks.
struct TemplateContext {
  Instant logical_date;
  DataInterval interval;
  TimeZone timezone;
  std::string run_id;
  std::map<std::string, std::string> params;
};

// The workflow's params with `overrides` applied; InvalidArgument naming an override the
// workflow does not declare (a typo would otherwise be silently ignored).
Result<std::map<std::string, std::string>> merge_params(
    const Workflow& workflow, const std::map<std::string, std::string>& overrides);

// The context of the run of `workflow` for `logical_date` (its data interval from the schedule).
TemplateContext make_template_context(const Workflow& workflow, Instant logical_date,
                                      std::string run_id,
                                      std::map<std::string, std::string> params);

// `task` with every templated argument rendered. InvalidArgument naming the task and the
// argument ("task \"load\": command: unknown placeholder {{ dss }}").
Result<TaskSpec> render_task(const TaskSpec& task, const TemplateContext& context);

// One problem in a task's templates: the argument ("command", "headers.X-Date") and what is
// wrong with it.
struct TemplateProblem {
  std::string argument;
  std::string message;
};

// Every templated argument of `task` that does not parse or names a placeholder other than the
// ones above, with params restricted to the names in `params`.
std::vector<TemplateProblem> check_task_templates(const TaskSpec& task,
                                                  const std::map<std::string, std::string>& params);

}  // namespace sluice
