#include "cli/commands.h"

namespace sluice::cli {

void add_ingest_command(CLI::App& app, CommandRun* run) {
  auto* sub = app.add_subcommand("ingest", "Fetch from the source, check, and publish to the log");
  sub->allow_extras();
  sub->callback([run] { *run = [] { return not_built_yet("ingest", "in progress"); }; });
}

}  // namespace sluice::cli
