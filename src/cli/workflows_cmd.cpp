// `sluice workflows list`: each workflow of the config with its schedule, whether it is paused
// (the run store's flag, else the config's) and when its next scheduled run is due (a time
// already past when one is due now and no scheduler has made it yet).
#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/workflow_cli.h"
#include "schedule/date_text.h"
#include "schedule/due_runs.h"

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
    auto paused = session->store->paused(w.name);
    auto latest = session->store->latest_scheduled_date(w.name);
    if (!paused.ok() || !latest.ok()) {
      fmt::print(stderr, "sluice workflows: {}\n",
                 (paused.ok() ? latest.status() : paused.status()).to_string());
      return kExitFailure;
    }
    std::optional<Instant> since;
    if (*latest) {
      since = std::chrono::floor<std::chrono::seconds>(
          std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(**latest)));
    }
    const auto next = next_due_time(
        w, since, std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
    fmt::print("{:<32} {:<20} {:<7} {}\n", w.name, w.schedule.text(),
               paused->value_or(w.paused) ? "yes" : "no", next ? format_utc(*next) : "-");
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
