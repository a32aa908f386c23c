// `sluice scheduler`: runs the config's workflows on their schedules (docs/workflows.md) until
// SIGTERM or SIGINT, then lets the attempts in flight end and exits 0. Several schedulers may
// share one PostgreSQL run store; a scheduler killed outright loses nothing, as the attempts it
// held are re-queued once their leases run out.
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/pipeline_actions_impl.h"
#include "cli/stop_signal.h"
#include "cli/workflow_cli.h"
#include "core/clock.h"
#include "schedule/runner/kind_executor.h"
#include "schedule/runner/scheduler.h"

namespace sluice::cli {

int run_scheduler(const std::string& config, int parallelism, const std::atomic<bool>& stop,
                  const HostedPipeline* hosted) {
  auto session = open_workflow_session(config);
  if (!session.ok()) {
    spdlog::error("scheduler: {}", session.status().to_string());
    return kExitFailure;
  }
  PipelineActionsImpl pipeline_actions(config, hosted);
  schedule::KindExecutor executor(&pipeline_actions);
  schedule::SchedulerOptions options;
  options.parallelism = parallelism;
  options.lease_ms = session->loaded.pipeline.scheduler.lease_ms;
  schedule::Scheduler scheduler(
      session->loaded.workflows, *session->store, executor, [] { return now_ms(); }, options);
  scheduler.run(stop);
  return kExitOk;
}

void add_scheduler_command(CLI::App& app, CommandRun* run) {
  struct Options {
    std::string config;
    int parallelism = 4;
  };
  auto* sub = app.add_subcommand("scheduler", "Run workflows on their schedules until SIGTERM");
  auto options = std::make_shared<Options>();
  sub->add_option("--config", options->config, "Pipeline config with workflows")->required();
  sub->add_option("--parallelism", options->parallelism, "Task attempts running at once")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  sub->callback([run, options] {
    *run = [options] {
      return run_scheduler(options->config, options->parallelism, install_stop_signal());
    };
  });
}

}  // namespace sluice::cli
