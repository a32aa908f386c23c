#include "schedule/ops/run_requests.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>

#include "schedule/date_text.h"
#include "schedule/due_runs.h"
#include "schedule/runner/run_creation.h"

namespace sluice::schedule {
namespace {

// Checked here rather than left to new_run() so that the answer can blame the param by name.
Status check_params(const Workflow& workflow, const std::map<std::string, std::string>& params,
                    Blame* blame) {
  for (const auto& [name, value] : params) {
    if (workflow.params.count(name) != 0) continue;
    std::vector<std::string_view> declared;
    for (const auto& [known, default_value] : workflow.params)
      declared.emplace_back(known);
    const std::string known = declared.empty()
                                  ? std::string("it declares none")
                                  : fmt::format("it declares: {}", fmt::join(declared, ", "));
    return blamed(
        blame, "params." + name,
        Status::invalid_argument(fmt::format("workflow \"{}\" declares no param \"{}\" ({})",
                                             workflow.name, name, known)));
  }
  return {};
}

Result<CreatedRun> create(RunStore& store, const Workflow& workflow, Instant date, RunKind kind,
                          const std::map<std::string, std::string>& params, int64_t now_ms) {
  SLUICE_ASSIGN_OR_RETURN(NewRun run, new_run(workflow, ms_of_instant(date), kind, params, now_ms));
  return store.create_run(run);
}

}  // namespace

Result<CreatedRun> trigger_run(RunStore& store, const Workflow& workflow,
                               const TriggerRequest& request, int64_t now_ms, Blame* blame) {
  SLUICE_RETURN_IF_ERROR(check_params(workflow, request.params, blame));
  Instant date = instant_of_ms(now_ms);
  if (request.logical_date) {
    auto parsed = parse_date_time(*request.logical_date, workflow.timezone);
    if (!parsed.ok()) return blamed(blame, "logical_date", parsed.status());
    date = *parsed;
  }
  return create(store, workflow, date, RunKind::kManual, request.params, now_ms);
}

Result<std::vector<CreatedRun>> backfill_runs(RunStore& store, const Workflow& workflow,
                                              const BackfillRequest& request, int64_t now_ms,
                                              Blame* blame) {
  auto from = parse_date_time(request.from, workflow.timezone);
  if (!from.ok()) return blamed(blame, "from", from.status());
  auto to = parse_date_time(request.to, workflow.timezone);
  if (!to.ok()) return blamed(blame, "to", to.status());
  if (workflow.schedule.kind() == Schedule::Kind::kManual) {
    return Status::invalid_argument("workflow \"" + workflow.name +
                                    "\" has no schedule to backfill: trigger runs instead");
  }
  if (*to < *from) {
    return blamed(
        blame, "to",
        Status::invalid_argument(fmt::format("{} is before from ({})", request.to, request.from)));
  }
  // Every fire time in [from, to]: the first at or after `from`, then each next one. Counted
  // before any is made, so that a refused range makes nothing.
  std::vector<Instant> dates;
  for (auto date = next_fire_after(workflow, *from - std::chrono::seconds(1)); date && *date <= *to;
       date = next_fire_after(workflow, *date)) {
    if (dates.size() == kMaxBackfillRuns) {
      return blamed(
          blame, "to",
          Status::invalid_argument(fmt::format(
              "the range holds more than {} logical dates of \"{}\": backfill it in parts",
              kMaxBackfillRuns, workflow.name)));
    }
    dates.push_back(*date);
  }
  if (dates.empty()) {
    return Status::invalid_argument(fmt::format("no logical date of \"{}\" ({}) between {} and {}",
                                                workflow.name, workflow.schedule.text(),
                                                request.from, request.to));
  }
  std::vector<CreatedRun> runs;
  runs.reserve(dates.size());
  for (Instant date : dates) {
    SLUICE_ASSIGN_OR_RETURN(CreatedRun run,
                            create(store, workflow, date, RunKind::kBackfill, {}, now_ms));
    runs.push_back(std::move(run));
  }
  return runs;
}

}  // namespace sluice::schedule
