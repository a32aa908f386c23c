// sluice: one binary for every role of the pipeline. See `sluice --help`.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "cli/commands.h"
#include "core/config.h"

int main(int argc, char** argv) {
  using namespace sluice::cli;
  CLI::App app{"sluice: a real-time data pipeline in one binary (ingest, log, rules, store)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "sluice 0.1.0");

  CommandRun run;
  add_run_command(app, &run);
  add_ingest_command(app, &run);
  add_process_command(app, &run);
  add_replay_command(app, &run);
  add_scheduler_command(app, &run);
  add_workflows_command(app, &run);
  add_trigger_command(app, &run);
  add_runs_command(app, &run);
  add_pause_commands(app, &run);
  add_mock_api_command(app, &run);
  add_check_command(app, &run);
  add_test_command(app, &run);
  add_bench_command(app, &run);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  if (!run) return kExitUsage;
  try {
    return run();
  } catch (const sluice::ConfigException& e) {
    for (const auto& err : e.errors())
      std::fprintf(stderr, "%s\n", err.to_string().c_str());
    return kExitUsage;
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return kExitFailure;
  }
}
