#include "cli/workflow_cli.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <utility>

#include "cli/commands.h"
#include "cli/pipeline_compile.h"
#include "core/clock.h"

namespace sluice::cli {

Result<WorkflowSession> open_workflow_session(const std::string& config) {
  WorkflowSession session;
  session.loaded = load_pipeline_and_workflows(config);
  const PipelineConfig& pipeline = session.loaded.pipeline;
  SLUICE_ASSIGN_OR_RETURN(session.store,
                          schedule::make_run_store(pipeline.scheduler, pipeline.data_dir));
  SLUICE_RETURN_IF_ERROR(session.store->open());
  return session;
}

Result<const Workflow*> find_workflow(const LoadedConfig& loaded, const std::string& name) {
  std::vector<std::string> names;
  for (const Workflow& w : loaded.workflows) {
    if (w.name == name) return &w;
    names.push_back(w.name);
  }
  if (names.empty()) {
    return Status::not_found("unknown workflow \"" + name + "\": the config declares none");
  }
  return Status::not_found(fmt::format("unknown workflow \"{}\" (the config declares: {})", name,
                                       fmt::join(names, ", ")));
}

Result<schedule::WorkflowRun> find_run(schedule::RunStore& store, const std::string& workflow,
                                       const std::string& run_id) {
  auto run = store.find_run(workflow, run_id);
  if (run.ok() || run.status().code() != StatusCode::kNotFound) return run;
  SLUICE_ASSIGN_OR_RETURN(auto latest, store.list_runs(workflow, 5, 0));
  std::vector<std::string> ids;
  ids.reserve(latest.size());
  for (const auto& r : latest)
    ids.push_back(r.run_id);
  if (ids.empty()) {
    return Status::not_found("workflow \"" + workflow + "\" has no run \"" + run_id +
                             "\": it has no runs yet");
  }
  return Status::not_found(fmt::format("workflow \"{}\" has no run \"{}\" (latest: {})", workflow,
                                       run_id, fmt::join(ids, ", ")));
}

Result<size_t> find_task(const Workflow& workflow, const std::string& task) {
  if (auto index = workflow.task_index(task)) return *index;
  std::vector<std::string> names;
  for (const TaskSpec& t : workflow.tasks)
    names.push_back(t.name);
  return Status::not_found(fmt::format("workflow \"{}\" has no task \"{}\" (its tasks: {})",
                                       workflow.name, task, fmt::join(names, ", ")));
}

int command_failed(const char* command, const Status& s) {
  fmt::print(stderr, "sluice {}: {}\n", command, s.message());
  const bool usage = s.code() == StatusCode::kNotFound || s.code() == StatusCode::kInvalidArgument;
  return usage ? kExitUsage : kExitFailure;
}

std::string format_time(std::optional<int64_t> ms) {
  return ms ? format_iso8601_ms(*ms) : "-";
}

}  // namespace sluice::cli
