#include "cli/commands.h"

namespace sluice::cli {

void add_bench_command(CLI::App& app, CommandRun* run) {
  auto* sub = app.add_subcommand("bench", "Built-in benchmarks");
  sub->allow_extras();
  sub->callback(
      [run] { *run = [] { return not_built_yet("bench", "benchmarks live in bench/ for now"); }; });
}

}  // namespace sluice::cli
