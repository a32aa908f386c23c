#include "schedule/store/store_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string>

namespace sluice::schedule {
namespace {

constexpr size_t kMaxName = 250;

}  // namespace

Status check_name(std::string_view op, std::string_view what, std::string_view name) {
  if (name.empty()) return Status::invalid_argument(fmt::format("{}: {} is empty", op, what));
  if (name.size() > kMaxName) {
    return Status::invalid_argument(
        fmt::format("{}: {} is longer than {} bytes", op, what, kMaxName));
  }
  // A control character would break the log and table output that shows names.
  if (std::any_of(name.begin(), name.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    return Status::invalid_argument(fmt::format("{}: {} holds a control character", op, what));
  }
  return {};
}

Status check_new_run(const NewRun& run) {
  SLUICE_RETURN_IF_ERROR(check_name("create_run", "the workflow name", run.workflow));
  if (run.data_interval_end_ms < run.logical_date_ms) {
    return Status::invalid_argument(
        "create_run: the data interval ends before the logical date it starts at");
  }
  std::set<std::string_view> seen;
  for (const NewTask& task : run.tasks) {
    SLUICE_RETURN_IF_ERROR(check_name("create_run", "a task name", task.name));
    if (!seen.insert(task.name).second) {
      return Status::invalid_argument(
          fmt::format("create_run: task \"{}\" is listed twice", task.name));
    }
    if (task.retries < 0 || task.retries > 1000) {
      return Status::invalid_argument(
          fmt::format("create_run: task \"{}\": retries must be 0..1000", task.name));
    }
  }
  return {};
}

Status check_page(std::string_view op, int limit, int offset) {
  if (limit < 1 || offset < 0) {
    return Status::invalid_argument(
        fmt::format("{}: limit must be >= 1 and offset >= 0 (got {}, {})", op, limit, offset));
  }
  return {};
}

Status check_transition(TaskState from, TaskState to) {
  if (from == TaskState::kRunning || to == TaskState::kRunning) {
    return Status::invalid_argument(
        fmt::format("transition {} -> {}: only claim starts an attempt and only finish or a "
                    "lease's expiry ends one",
                    task_state_name(from), task_state_name(to)));
  }
  return {};
}

Status check_lease(std::string_view op, std::string_view owner, int64_t lease_ms) {
  SLUICE_RETURN_IF_ERROR(check_name(op, "the owner", owner));
  if (lease_ms < 1) return Status::invalid_argument(fmt::format("{}: lease_ms must be >= 1", op));
  return {};
}

Status check_claim(const ClaimRequest& request) {
  SLUICE_RETURN_IF_ERROR(check_lease("claim", request.owner, request.lease_ms));
  if (request.max < 1) return Status::invalid_argument("claim: max must be >= 1");
  return {};
}

Status check_finish(const AttemptKey& attempt, TaskState to) {
  SLUICE_RETURN_IF_ERROR(check_name("finish", "the owner", attempt.owner));
  if (attempt.attempt < 1) return Status::invalid_argument("finish: attempts start at 1");
  if (to != TaskState::kSuccess && to != TaskState::kFailed && to != TaskState::kUpForRetry) {
    return Status::invalid_argument(fmt::format(
        "finish: an attempt ends in success, failed or up_for_retry, not {}", task_state_name(to)));
  }
  return {};
}

Status check_new_runs(const std::vector<NewRun>& runs) {
  std::set<std::pair<std::string_view, int64_t>> seen;
  for (const NewRun& run : runs) {
    SLUICE_RETURN_IF_ERROR(check_new_run(run));
    if (!seen.emplace(run.workflow, run.logical_date_ms).second) {
      return Status::invalid_argument(
          fmt::format("create_runs: workflow {} logical date {} is given twice", run.workflow,
                      run.logical_date_ms));
    }
  }
  return {};
}

Status check_finishes(const std::vector<AttemptEnd>& ends) {
  for (const AttemptEnd& end : ends)
    SLUICE_RETURN_IF_ERROR(check_finish(end.attempt, end.to));
  return {};
}

}  // namespace sluice::schedule
