#include "cli/commands.h"

namespace sluice::cli {

void add_mock_api_command(CLI::App& app, CommandRun* run) {
  auto* sub = app.add_subcommand("mock-api", "Serve a local stand-in for randomuser.me");
  sub->allow_extras();
  sub->callback([run] { *run = [] { return not_built_yet("mock-api", "in progress"); }; });
}

}  // namespace sluice::cli
