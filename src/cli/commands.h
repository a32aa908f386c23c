// The subcommands of `sluice` (README.md, docs/operations.md). Each add_*_command() registers one
// subcommand on the app; when the user picks it, its callback stores in `*run` the function that
// does the work and returns the process exit code (kExitOk, kExitFailure, kExitUsage).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace sluice::cli {

inline constexpr int kExitOk = 0;
// The same failure exits with the same code in every command: a config or command line that
// cannot work is kExitUsage (main.cpp turns ConfigException into it), everything that fails
// while running (network, disk, a port in use, a file that cannot be written, a failed test,
// a command not built yet) is kExitFailure.
inline constexpr int kExitFailure = 1;  // a runtime failure
inline constexpr int kExitUsage = 2;    // bad usage or config

using CommandRun = std::function<int()>;

void add_run_command(CLI::App& app, CommandRun* run);
void add_ingest_command(CLI::App& app, CommandRun* run);
void add_process_command(CLI::App& app, CommandRun* run);
void add_replay_command(CLI::App& app, CommandRun* run);
void add_scheduler_command(CLI::App& app, CommandRun* run);
void add_workflows_command(CLI::App& app, CommandRun* run);
void add_trigger_command(CLI::App& app, CommandRun* run);  // trigger and backfill
void add_runs_command(CLI::App& app, CommandRun* run);     // runs and task-log
void add_pause_commands(CLI::App& app, CommandRun* run);   // pause, unpause and clear
void add_mock_api_command(CLI::App& app, CommandRun* run);
void add_check_command(CLI::App& app, CommandRun* run);
void add_test_command(CLI::App& app, CommandRun* run);
void add_bench_command(CLI::App& app, CommandRun* run);

// For subcommands a later issue builds: says "not built yet" and returns kExitFailure (the
// command line was fine; this binary cannot do it).
int not_built_yet(const char* name, const char* what);

}  // namespace sluice::cli
