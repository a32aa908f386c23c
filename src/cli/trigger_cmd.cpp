// `sluice trigger WORKFLOW` (a manual run, now or for --logical-date, with --param overrides)
// and `sluice backfill WORKFLOW --from D --to D` (a backfill run for every logical date of the
// schedule in the range): the operations of schedule/ops/run_requests.h, which the REST API
// runs too. Both only record the runs: a running scheduler executes them. Each (workflow,
// logical date) has one run, so repeating a command creates nothing twice.
#include <fmt/format.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cli/commands.h"
#include "cli/workflow_cli.h"
#include "core/clock.h"
#include "schedule/ops/run_requests.h"

namespace sluice::cli {
namespace {

struct Options {
  std::string config;
  std::string workflow;
  std::vector<std::string> params;  // k=v
  std::string logical_date;
  std::string from;
  std::string to;
};

Result<std::map<std::string, std::string>> parse_params(const std::vector<std::string>& items) {
  std::map<std::string, std::string> params;
  for (const std::string& item : items) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::invalid_argument("--param " + item + ": expected NAME=VALUE");
    }
    params[item.substr(0, eq)] = item.substr(eq + 1);
  }
  return params;
}

void print_run(const schedule::CreatedRun& run) {
  fmt::print("{} {}\n", run.created ? "created" : "exists ", run.run.run_id);
}

int trigger(const Options& opts) {
  auto session = open_workflow_session(opts.config);
  if (!session.ok()) return command_failed("trigger", session.status());
  auto w = find_workflow(*session, opts.workflow);
  if (!w.ok()) return command_failed("trigger", w.status());
  auto params = parse_params(opts.params);
  if (!params.ok()) return command_failed("trigger", params.status());
  schedule::TriggerRequest request;
  request.params = std::move(*params);
  if (!opts.logical_date.empty()) request.logical_date = opts.logical_date;
  schedule::Blame blame;
  auto run = schedule::trigger_run(*session->store, **w, request, now_ms(), &blame);
  if (!run.ok()) return command_failed("trigger", run.status(), blame);
  print_run(*run);
  return kExitOk;
}

int backfill(const Options& opts) {
  auto session = open_workflow_session(opts.config);
  if (!session.ok()) return command_failed("backfill", session.status());
  auto w = find_workflow(*session, opts.workflow);
  if (!w.ok()) return command_failed("backfill", w.status());
  schedule::Blame blame;
  auto runs = schedule::backfill_runs(*session->store, **w, {opts.from, opts.to}, now_ms(), &blame);
  if (!runs.ok()) return command_failed("backfill", runs.status(), blame);
  for (const auto& run : *runs)
    print_run(run);
  return kExitOk;
}

}  // namespace

void add_trigger_command(CLI::App& app, CommandRun* run) {
  auto options = std::make_shared<Options>();
  auto* sub = app.add_subcommand("trigger", "Record a manual run of a workflow");
  sub->add_option("--config", options->config, "Pipeline config with workflows")->required();
  sub->add_option("workflow", options->workflow, "Workflow name")->required();
  sub->add_option("--param", options->params, "Override a workflow param: NAME=VALUE");
  sub->add_option("--logical-date", options->logical_date,
                  "The run's logical date (default: now), e.g. 2024-03-01 or 2024-03-01T06:00Z");
  sub->callback([run, options] { *run = [options] { return trigger(*options); }; });

  auto* back = app.add_subcommand("backfill", "Record a run for every logical date in a range");
  back->add_option("--config", options->config, "Pipeline config with workflows")->required();
  back->add_option("workflow", options->workflow, "Workflow name")->required();
  back->add_option("--from", options->from, "First logical date (inclusive)")->required();
  back->add_option("--to", options->to, "Last logical date (inclusive)")->required();
  back->callback([run, options] { *run = [options] { return backfill(*options); }; });
}

}  // namespace sluice::cli
