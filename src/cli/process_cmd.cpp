#include "cli/commands.h"

namespace sluice::cli {

void add_process_command(CLI::App& app, CommandRun* run) {
  auto* sub = app.add_subcommand("process", "Read the log, apply the rules, write the sink");
  sub->allow_extras();
  sub->callback([run] { *run = [] { return not_built_yet("process", "it comes with the embedded log"); }; });
}

}  // namespace sluice::cli
