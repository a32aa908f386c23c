// `sluice process`: the process role alone (cluster mode, or after `sluice ingest` in embedded
// mode, which lets one process at a time hold the log). With --listen it serves /metrics,
// /readyz, /healthz and /api/v1/status there. Opt-in, not serve.listen: workers share machines
// (and tests run side by side), and each needs an address of its own.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <optional>

#include "cli/commands.h"
#include "cli/dashboard_api.h"
#include "cli/pipeline_compile.h"
#include "cli/pipeline_parts.h"
#include "cli/probe_progress.h"
#include "cli/stop_signal.h"
#include "core/log_context.h"
#include "process/processor.h"
#include "serve/api_access.h"
#include "serve/http_server.h"

namespace sluice::cli {

void add_process_command(CLI::App& app, CommandRun* run) {
  struct Options {
    std::string config;
    bool until_idle = false;
    std::string listen;
  };
  auto opts = std::make_shared<Options>();
  auto* sub = app.add_subcommand("process", "Read the log, apply the rules, write the sink");
  sub->add_option("--config", opts->config, "Pipeline config file")->required();
  sub->add_flag("--until-idle", opts->until_idle,
                "Exit 0 once every partition is caught up (default: follow the log)");
  sub->add_option("--listen", opts->listen,
                  "Serve /metrics, /readyz and /api/v1/status on HOST:PORT (default: none)");
  sub->callback([run, opts] {
    *run = [opts] {
      auto& stop = install_stop_signal();
      auto parts = open_pipeline_parts(load_pipeline_config(opts->config));
      if (!parts.ok()) {
        spdlog::error("{}", parts.status().to_string());
        return kExitFailure;
      }
      auto consumer = (*parts)->log->open_consumer((*parts)->config.process.group);
      if (!consumer.ok()) {
        spdlog::error("{}", consumer.status().to_string());
        return kExitFailure;
      }
      PipelineParts& p = **parts;
      const ScopedLogContext context(p.config.name, "process");
      const std::string& listen = opts->listen;
      std::unique_ptr<HttpServer> server;
      if (!listen.empty()) {
        auto access = api_access(p.config.serve);
        if (!access.ok()) {
          spdlog::error("{}", access.status().to_string());
          return kExitFailure;
        }
        server = std::make_unique<HttpServer>(
            listen, *access, p.registry, [&p] { return status_json(p, nullptr, nullptr); },
            &p.health);
        for (const auto& c : p.collectables)
          server->add_collectable(c);
        add_dashboard_api(*server, *p.sink);
        if (Status s = server->start(); !s.ok()) {
          spdlog::error("{}", s.to_string());
          return kExitFailure;
        }
        spdlog::info("process: metrics and readiness on http://{}/ (/api/ token: {})", listen,
                     access->token_source);
      }
      p.health.started();
      Processor processor(p.config, consumer->get(), p.sink.get(), p.probe.get());
      std::optional<ProbeProgress> progress;  // a catch-up has an end to show progress towards
      if (opts->until_idle) progress.emplace("catching up", *p.probe);
      Status s = processor.run(stop, {.until_idle = opts->until_idle, .health = &p.health});
      progress.reset();
      if (server) server->stop();
      print_process_summary(**parts);
      if (!s.ok()) {
        spdlog::error("process stopped: {}", s.to_string());
        return kExitFailure;
      }
      return kExitOk;
    };
  });
}

}  // namespace sluice::cli
