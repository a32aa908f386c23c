// `sluice scheduler`: runs the config's workflows on their schedules (docs/workflows.md) until
// SIGTERM or SIGINT, then lets the attempts in flight end and exits 0. Several schedulers may
// share one PostgreSQL run store; a scheduler killed outright loses nothing, as the attempts it
// held are re-queued once their leases run out. It serves the workflow REST API with /healthz,
// /readyz and /metrics (the scheduler's metrics: schedule/runner/scheduler_probe.h) on
// serve.listen (or --listen): each scheduler on a machine needs an address of its own.
#include <fmt/format.h>
#include <prometheus/registry.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/pipeline_actions_impl.h"
#include "cli/pipeline_compile.h"
#include "cli/stop_signal.h"
#include "cli/workflow_cli.h"
#include "core/clock.h"
#include "core/health.h"
#include "core/log_context.h"
#include "schedule/runner/kind_executor.h"
#include "schedule/runner/scheduler.h"
#include "schedule/runner/scheduler_probe.h"
#include "serve/api_access.h"
#include "serve/http_server.h"

namespace sluice::cli {
namespace {

std::vector<std::string> workflow_names(const std::vector<Workflow>& workflows) {
  std::vector<std::string> names;
  names.reserve(workflows.size());
  for (const Workflow& w : workflows)
    names.push_back(w.name);
  return names;
}

}  // namespace

int run_scheduler(const std::string& config, int parallelism, const std::atomic<bool>& stop,
                  const std::shared_ptr<prometheus::Registry>& registry,
                  const HostedPipeline* hosted) {
  auto session = open_workflow_session(config);
  if (!session.ok()) {
    spdlog::error("scheduler: {}", session.status().to_string());
    return kExitFailure;
  }
  const ScopedLogContext context(session->loaded.pipeline.name, "scheduler");
  std::unique_ptr<schedule::SchedulerProbe> probe;
  if (registry != nullptr) {
    probe = std::make_unique<schedule::SchedulerProbe>(*registry,
                                                       workflow_names(session->loaded.workflows));
  }
  PipelineActionsImpl pipeline_actions(config, hosted);
  schedule::KindExecutor executor(&pipeline_actions);
  schedule::SchedulerOptions options;
  options.parallelism = parallelism;
  options.lease_ms = session->loaded.pipeline.scheduler.lease_ms;
  options.probe = probe.get();
  schedule::Scheduler scheduler(
      session->loaded.workflows, *session->store, executor, [] { return now_ms(); }, options);
  scheduler.run(stop);
  return kExitOk;
}

namespace {

struct Options {
  std::string config;
  int parallelism = 4;
  std::string listen;  // "": the config's serve.listen
};

// The scheduler with its HTTP server: the server starts first, so that a port in use fails
// the command before any task runs.
int serve_and_schedule(const Options& opts) {
  auto& stop = install_stop_signal();
  const LoadedConfig loaded = load_pipeline_and_workflows(opts.config);
  const std::string listen = opts.listen.empty() ? loaded.pipeline.serve.listen : opts.listen;
  Health health;
  const size_t workflows = loaded.workflows.size();
  auto registry = std::make_shared<prometheus::Registry>();
  auto access = api_access(loaded.pipeline.serve);
  if (!access.ok()) {
    spdlog::error("scheduler: {}", access.status().to_string());
    return kExitFailure;
  }
  HttpServer server(
      listen, *access, registry,
      [workflows] { return fmt::format(R"({{"role":"scheduler","workflows":{}}})", workflows); },
      &health);
  auto api = mount_workflow_api(opts.config, server);
  if (!api.ok()) {
    spdlog::error("scheduler: {}", api.status().to_string());
    return kExitFailure;
  }
  if (Status s = server.start(); !s.ok()) {
    spdlog::error("scheduler: {}", s.to_string());
    return kExitFailure;
  }
  health.started();
  spdlog::info("scheduler: workflow API on http://{}/api/v1/workflows (token: {})", listen,
               access->token_source);
  const int code = run_scheduler(opts.config, opts.parallelism, stop, registry);
  server.stop();
  return code;
}

}  // namespace

void add_scheduler_command(CLI::App& app, CommandRun* run) {
  auto* sub = app.add_subcommand("scheduler", "Run workflows on their schedules until SIGTERM");
  auto options = std::make_shared<Options>();
  sub->add_option("--config", options->config, "Pipeline config with workflows")->required();
  sub->add_option("--parallelism", options->parallelism, "Task attempts running at once")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  sub->add_option("--listen", options->listen,
                  "Serve the workflow REST API, /metrics and /readyz on HOST:PORT (default: the "
                  "config's serve.listen)");
  sub->callback([run, options] { *run = [options] { return serve_and_schedule(*options); }; });
}

}  // namespace sluice::cli
