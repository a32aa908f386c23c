// `sluice pause|unpause WORKFLOW` (the run store's flag, which overrides the config's `paused`)
// and `sluice clear WORKFLOW RUN TASK [--downstream]` (run a task instance again, and with
// --downstream every task after it; a running scheduler picks them up): the operations of
// schedule/ops/, which the REST API runs too.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/workflow_cli.h"
#include "core/clock.h"
#include "schedule/ops/clear_tasks.h"
#include "schedule/ops/lookup.h"
#include "schedule/ops/workflow_status.h"

namespace sluice::cli {
namespace {

struct Options {
  std::string config;
  std::string workflow;
  std::string run_id;
  std::string task;
  bool downstream = false;
};

int set_paused(const Options& opts, bool paused) {
  const char* command = paused ? "pause" : "unpause";
  auto session = open_workflow_session(opts.config);
  if (!session.ok()) return command_failed(command, session.status());
  auto w = find_workflow(*session, opts.workflow);
  if (!w.ok()) return command_failed(command, w.status());
  Status s = schedule::set_workflow_paused(*session->store, **w, paused, now_ms());
  if (!s.ok()) return command_failed(command, s);
  fmt::print("{} {}\n", opts.workflow, paused ? "paused" : "unpaused");
  return kExitOk;
}

int clear(const Options& opts) {
  auto session = open_workflow_session(opts.config);
  if (!session.ok()) return command_failed("clear", session.status());
  auto w = find_workflow(*session, opts.workflow);
  if (!w.ok()) return command_failed("clear", w.status());
  auto run = schedule::find_run(*session->store, opts.workflow, opts.run_id);
  if (!run.ok()) return command_failed("clear", run.status());
  schedule::Blame blame;
  auto cleared = schedule::clear_tasks(*session->store, **w, *run, {{opts.task}, opts.downstream},
                                       now_ms(), &blame);
  if (!cleared.ok()) return command_failed("clear", cleared.status(), blame);
  fmt::print("cleared {} task instance(s) of {}: {}\n", cleared->reset, opts.run_id,
             fmt::join(cleared->tasks, ", "));
  return kExitOk;
}

}  // namespace

void add_pause_commands(CLI::App& app, CommandRun* run) {
  auto options = std::make_shared<Options>();
  for (bool paused : {true, false}) {
    auto* sub = app.add_subcommand(paused ? "pause" : "unpause",
                                   paused ? "Stop scheduling a workflow" : "Resume a workflow");
    sub->add_option("--config", options->config, "Pipeline config with workflows")->required();
    sub->add_option("workflow", options->workflow, "Workflow name")->required();
    sub->callback([run, options, paused] {
      *run = [options, paused] { return set_paused(*options, paused); };
    });
  }
  auto* sub = app.add_subcommand("clear", "Run a task instance (and its downstream) again");
  sub->add_option("--config", options->config, "Pipeline config with workflows")->required();
  sub->add_option("workflow", options->workflow, "Workflow name")->required();
  sub->add_option("run", options->run_id, "Run id (as `sluice runs` shows it)")->required();
  sub->add_option("task", options->task, "Task name")->required();
  sub->add_flag("--downstream", options->downstream, "Also every task after it");
  sub->callback([run, options] { *run = [options] { return clear(*options); }; });
}

}  // namespace sluice::cli
