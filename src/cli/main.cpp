// sluice: one binary for every role of the pipeline. See `sluice --help`.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <string>

#include "cli/commands.h"
#include "core/config.h"
#include "core/log_setup.h"

int main(int argc, char** argv) {
  using namespace sluice::cli;
  // Summaries and progress lines go to files and pipes (supervisors, log collectors, tests) as
  // much as to terminals: each line as soon as it is written, not when a 4 KiB buffer fills
  // (at one ingest summary per interval, that was a minute late).
  std::setvbuf(stdout, nullptr, _IOLBF, BUFSIZ);
  CLI::App app{"sluice: a real-time data pipeline in one binary (ingest, log, rules, store)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "sluice 0.1.0");
  // Accepted before or after the command's name (fallthrough): `sluice run --log-format json`.
  app.fallthrough();
  std::string log_format = "text";
  std::string log_level = "info";
  app.add_option("--log-format", log_format,
                 "Log lines for people (text) or one JSON object per line (json), on stderr")
      ->envname("SLUICE_LOG_FORMAT")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_option("--log-level", log_level, "Least severe level logged: debug, info, warn, error")
      ->envname("SLUICE_LOG_LEVEL")
      ->check(CLI::IsMember({"debug", "info", "warn", "warning", "error"}))
      ->capture_default_str();

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
  sluice::configure_logging(*sluice::parse_log_format(log_format),
                            *sluice::parse_log_level(log_level));
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
