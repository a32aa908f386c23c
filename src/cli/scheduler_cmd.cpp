#include "cli/commands.h"

namespace sluice::cli {

void add_scheduler_command(CLI::App& app, CommandRun* run) {
  auto* sub = app.add_subcommand("scheduler", "Run workflows on their schedules");
  sub->allow_extras();
  sub->callback([run] {
    *run = [] { return not_built_yet("scheduler", "workflow scheduling is a later issue"); };
  });
}

}  // namespace sluice::cli
