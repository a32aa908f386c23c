// `sluice workflows list`: each workflow of the config with its schedule, whether it is paused
// (the run store's flag, else the config's) and when its next scheduled run is due
// (schedule/ops/workflow_status.h, as GET /api/v1/workflows shows them): a time already past
// when one is due now and no scheduler has made it yet.
#include <fmt/format.h>

#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/workflow_cli.h"
#include "core/clock.h"
#include "schedule/date_text.h"
#include "schedule/ops/workflow_status.h"

namespace sluice::cli {
namespace {

int list_workflows(const std::string& config) {
  auto session = open_workflow_session(config);
  if (!session.ok()) {
    fmt::print(stderr, "sluice workflows: {}\n", session.status().to_string());
    return kExitFailure;
  }
  fmt::print("{:<32} {:<20} {:<7} {}\n", "WORKFLOW", "SCHEDULE", "PAUSED", "NEXT DUE");
  for (const Workflow& w : session->loaded.workflows) {
    auto status = schedule::workflow_status(*session->store, w, now_ms());
    if (!status.ok()) {
      fmt::print(stderr, "sluice workflows: {}\n", status.status().to_string());
      return kExitFailure;
    }
    fmt::print("{:<32} {:<20} {:<7} {}\n", w.name, w.schedule.text(), status->paused ? "yes" : "no",
               status->next_due ? format_utc(*status->next_due) : "-");
  }
  return kExitOk;
}

}  // namespace

void add_workflows_command(CLI::App& app, CommandRun* run) {
  auto* sub = app.add_subcommand("workflows", "List the config's workflows");
  auto* list = sub->add_subcommand("list", "Name, schedule, paused, next due run");
  sub->require_subcommand(1);
  auto config = std::make_shared<std::string>();
  list->add_option("--config", *config, "Pipeline config with workflows")->required();
  list->callback([run, config] { *run = [config] { return list_workflows(*config); }; });
}

}  // namespace sluice::cli
