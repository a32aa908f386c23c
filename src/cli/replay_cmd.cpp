#include "cli/commands.h"

namespace sluice::cli {

void add_replay_command(CLI::App& app, CommandRun* run) {
  auto* sub = app.add_subcommand("replay", "Re-process the log into the sink from an offset or time");
  sub->allow_extras();
  sub->callback([run] { *run = [] { return not_built_yet("replay", "it comes with the embedded log"); }; });
}

}  // namespace sluice::cli
