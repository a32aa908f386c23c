#include "schedule/ops/lookup.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <string>

namespace sluice::schedule {

Result<const Workflow*> find_workflow(const std::vector<Workflow>& workflows,
                                      std::string_view name) {
  std::vector<std::string_view> names;
  for (const Workflow& w : workflows) {
    if (w.name == name) return &w;
    names.emplace_back(w.name);
  }
  if (names.empty()) {
    return Status::not_found(
        fmt::format("unknown workflow \"{}\": the config declares none", name));
  }
  return Status::not_found(fmt::format("unknown workflow \"{}\" (the config declares: {})", name,
                                       fmt::join(names, ", ")));
}

Result<WorkflowRun> find_run(RunStore& store, std::string_view workflow, std::string_view run_id) {
  auto run = store.find_run(workflow, run_id);
  if (run.ok() || run.status().code() != StatusCode::kNotFound) return run;
  SLUICE_ASSIGN_OR_RETURN(auto latest, store.list_runs(workflow, 5, 0));
  std::vector<std::string> ids;
  ids.reserve(latest.size());
  for (const auto& r : latest)
    ids.push_back(r.run_id);
  if (ids.empty()) {
    return Status::not_found(
        fmt::format("workflow \"{}\" has no run \"{}\": it has no runs yet", workflow, run_id));
  }
  return Status::not_found(fmt::format("workflow \"{}\" has no run \"{}\" (latest: {})", workflow,
                                       run_id, fmt::join(ids, ", ")));
}

Result<size_t> find_task(const Workflow& workflow, std::string_view task) {
  if (auto index = workflow.task_index(task)) return *index;
  std::vector<std::string_view> names;
  for (const TaskSpec& t : workflow.tasks)
    names.emplace_back(t.name);
  return Status::not_found(fmt::format("workflow \"{}\" has no task \"{}\" (its tasks: {})",
                                       workflow.name, task, fmt::join(names, ", ")));
}

}  // namespace sluice::schedule
