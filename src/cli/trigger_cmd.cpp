// `sluice trigger WORKFLOW` (a manual run, now or for --logical-date, with --param overrides)
// and `sluice backfill WORKFLOW --from D --to D` (a backfill run for every logical date of the
// schedule in the range). Both only record the runs: a running scheduler executes them. Each
// (workflow, logical date) has one run, so repeating a command creates nothing twice.
#include <fmt/format.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/workflow_cli.h"
#include "core/clock.h"
#include "schedule/date_text.h"
#include "schedule/due_runs.h"
#include "schedule/runner/run_creation.h"

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

int64_t ms_of(Instant t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

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

int create(const char* command, schedule::RunStore& store, const Workflow& w, int64_t date_ms,
           schedule::RunKind kind, const std::map<std::string, std::string>& params) {
  auto run = schedule::new_run(w, date_ms, kind, params, now_ms());
  if (!run.ok()) return command_failed(command, run.status());
  auto created = store.create_run(*run);
  if (!created.ok()) return command_failed(command, created.status());
  fmt::print("{} {}\n", created->created ? "created" : "exists ", created->run.run_id);
  return kExitOk;
}

int trigger(const Options& opts) {
  auto session = open_workflow_session(opts.config);
  if (!session.ok()) return command_failed("trigger", session.status());
  auto w = find_workflow(session->loaded, opts.workflow);
  if (!w.ok()) return command_failed("trigger", w.status());
  auto params = parse_params(opts.params);
  if (!params.ok()) return command_failed("trigger", params.status());
  // Logical dates are whole seconds, as the schedule's fire times are.
  int64_t date_ms = now_ms() / 1000 * 1000;
  if (!opts.logical_date.empty()) {
    auto date = parse_date_time(opts.logical_date, (*w)->timezone);
    if (!date.ok()) return command_failed("trigger", date.status().with_context("--logical-date"));
    date_ms = ms_of(*date);
  }
  return create("trigger", *session->store, **w, date_ms, schedule::RunKind::kManual, *params);
}

int backfill(const Options& opts) {
  auto session = open_workflow_session(opts.config);
  if (!session.ok()) return command_failed("backfill", session.status());
  auto w = find_workflow(session->loaded, opts.workflow);
  if (!w.ok()) return command_failed("backfill", w.status());
  auto from = parse_date_time(opts.from, (*w)->timezone);
  if (!from.ok()) return command_failed("backfill", from.status().with_context("--from"));
  auto to = parse_date_time(opts.to, (*w)->timezone);
  if (!to.ok()) return command_failed("backfill", to.status().with_context("--to"));
  if ((*w)->schedule.kind() == Schedule::Kind::kManual) {
    return command_failed("backfill", Status::invalid_argument("workflow \"" + opts.workflow +
                                                               "\" has no schedule: use trigger"));
  }
  // Every fire time in [from, to]: the first at or after `from`, then each next one.
  auto date = next_fire_after(**w, *from - std::chrono::seconds(1));
  int dates = 0;
  for (; date && *date <= *to; date = next_fire_after(**w, *date), ++dates) {
    const int code =
        create("backfill", *session->store, **w, ms_of(*date), schedule::RunKind::kBackfill, {});
    if (code != kExitOk) return code;
  }
  if (dates == 0) {
    return command_failed("backfill",
                          Status::invalid_argument("no logical date of \"" + opts.workflow +
                                                   "\" between " + opts.from + " and " + opts.to));
  }
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
