// `sluice runs WORKFLOW` (the latest runs with their task states) and `sluice task-log RUN TASK`
// (one attempt's log, the latest unless --attempt says which): reading the run history.
#include <fmt/format.h>

#include <memory>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "cli/workflow_cli.h"
#include "schedule/ops/task_log.h"

namespace sluice::cli {
namespace {

struct Options {
  std::string config;
  std::string workflow;
  int limit = 20;
  std::string run_id;
  std::string task;
  int attempt = 0;  // 0: the latest
};

int list_runs(const Options& opts) {
  auto session = open_workflow_session(opts.config);
  if (!session.ok()) return command_failed("runs", session.status());
  auto w = find_workflow(*session, opts.workflow);
  if (!w.ok()) return command_failed("runs", w.status());
  auto runs = session->store->list_runs(opts.workflow, opts.limit, 0);
  if (!runs.ok()) return command_failed("runs", runs.status());
  fmt::print("{:<44} {:<8} {:<24} {:<24} {:<24} {}\n", "RUN", "STATE", "LOGICAL DATE", "STARTED",
             "ENDED", "TASKS");
  for (const auto& run : *runs) {
    auto instances = session->store->task_instances(run.id);
    if (!instances.ok()) return command_failed("runs", instances.status());
    std::string tasks;
    for (const auto& i : *instances) {
      if (!tasks.empty()) tasks += " ";
      tasks += i.task + "=" + std::string(task_state_name(i.state));
    }
    fmt::print("{:<44} {:<8} {:<24} {:<24} {:<24} {}\n", run.run_id,
               schedule::run_state_name(run.state), format_time(run.logical_date_ms),
               format_time(run.started_ms), format_time(run.ended_ms), tasks);
  }
  return kExitOk;
}

// The run id names a run of one of the config's workflows; which one is looked up.
int task_log(const Options& opts) {
  auto session = open_workflow_session(opts.config);
  if (!session.ok()) return command_failed("task-log", session.status());
  for (const Workflow& w : session->loaded.workflows) {
    auto run = session->store->find_run(w.name, opts.run_id);
    if (!run.ok() && run.status().code() == StatusCode::kNotFound) continue;
    if (!run.ok()) return command_failed("task-log", run.status());
    std::optional<int> attempt;
    if (opts.attempt > 0) attempt = opts.attempt;
    schedule::Blame blame;
    auto log = schedule::read_attempt_log(*session->store, w, *run, opts.task, attempt, &blame);
    if (!log.ok()) return command_failed("task-log", log.status(), blame);
    fmt::print("{}", log->text);
    return kExitOk;
  }
  return command_failed("task-log",
                        Status::not_found("no workflow of the config has a run \"" + opts.run_id +
                                          "\" (see `sluice runs WORKFLOW`)"));
}

}  // namespace

void add_runs_command(CLI::App& app, CommandRun* run) {
  auto options = std::make_shared<Options>();
  auto* sub = app.add_subcommand("runs", "The latest runs of a workflow and their task states");
  sub->add_option("--config", options->config, "Pipeline config with workflows")->required();
  sub->add_option("workflow", options->workflow, "Workflow name")->required();
  sub->add_option("--limit", options->limit, "How many runs, newest first")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  sub->callback([run, options] { *run = [options] { return list_runs(*options); }; });

  auto* log = app.add_subcommand("task-log", "The log of one attempt of a task instance");
  log->add_option("--config", options->config, "Pipeline config with workflows")->required();
  log->add_option("run", options->run_id, "Run id (as `sluice runs` shows it)")->required();
  log->add_option("task", options->task, "Task name")->required();
  log->add_option("--attempt", options->attempt, "Attempt number (default: the latest)")
      ->check(CLI::PositiveNumber);
  log->callback([run, options] { *run = [options] { return task_log(*options); }; });
}

}  // namespace sluice::cli
