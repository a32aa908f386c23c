// `sluice scheduler`: runs the config's workflows on their schedules (docs/workflows.md) until
// SIGTERM or SIGINT, then lets the attempts in flight end and exits 0. Several schedulers may
// share one PostgreSQL run store; a scheduler killed outright loses nothing, as the attempts it
// held are re-queued once their leases run out. Serves /healthz, /readyz and /metrics on the
// config's serve.listen (`sluice run` passes its own registry instead).
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/stop_signal.h"
#include "cli/workflow_cli.h"
#include "core/clock.h"
#include "core/health.h"
#include "schedule/runner/kind_executor.h"
#include "schedule/runner/scheduler.h"
#include "schedule/runner/scheduler_probe.h"
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
                  std::shared_ptr<prometheus::Registry> registry) {
  auto session = open_workflow_session(config);
  if (!session.ok()) {
    spdlog::error("scheduler: {}", session.status().to_string());
    return kExitFailure;
  }
  const bool own_server = registry == nullptr;
  if (own_server) registry = std::make_shared<prometheus::Registry>();
  schedule::SchedulerProbe probe(*registry, workflow_names(session->loaded.workflows));
  schedule::KindExecutor executor(nullptr);
  schedule::SchedulerOptions options;
  options.parallelism = parallelism;
  options.lease_ms = session->loaded.pipeline.scheduler.lease_ms;
  options.probe = &probe;
  schedule::Scheduler scheduler(
      session->loaded.workflows, *session->store, executor, [] { return now_ms(); }, options);

  Health health;
  std::unique_ptr<HttpServer> server;
  if (own_server) {
    const std::string& listen = session->loaded.pipeline.serve.listen;
    server = std::make_unique<HttpServer>(
        listen, registry,
        [&] {
          return fmt::format(R"({{"role":"scheduler","workflows":{},"attempts_in_flight":{}}})",
                             session->loaded.workflows.size(), scheduler.in_flight());
        },
        &health);
    if (Status s = server->start(); !s.ok()) {
      spdlog::error("scheduler: {}", s.to_string());
      return kExitFailure;
    }
    health.started();
    spdlog::info("scheduler: metrics on http://{}/metrics", listen);
  }
  scheduler.run(stop);
  if (server) server->stop();
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
      return run_scheduler(options->config, options->parallelism, install_stop_signal(), nullptr);
    };
  });
}

}  // namespace sluice::cli
