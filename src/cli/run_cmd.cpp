#include "cli/commands.h"

namespace sluice::cli {

void add_run_command(CLI::App& app, CommandRun* run) {
  auto* sub = app.add_subcommand("run", "Run the whole embedded pipeline in one process");
  sub->allow_extras();
  sub->callback([run] { *run = [] { return not_built_yet("run", "it comes with the embedded log"); }; });
}

}  // namespace sluice::cli
