// TaskState: where a task instance (one task of one run) stands. The scheduler moves instances
// through these states and the run store keeps them under the names task_state_name() gives,
// the ones Airflow uses.
#pragma once

#include <optional>
#include <string_view>

namespace sluice {

enum class TaskState {
  kNone,            // created with its run; waiting for its trigger rule
  kQueued,          // its trigger rule passed; waiting for a worker
  kRunning,         // an attempt is running
  kSuccess,         // finished: the last attempt succeeded
  kFailed,          // finished: the last attempt failed and no retry is left
  kUpForRetry,      // an attempt failed; another starts after the retry delay
  kUpstreamFailed,  // finished: never ran, an upstream task failed (all_success)
  kSkipped,         // finished: never ran, its trigger rule cannot pass
};

// "none", "queued", "running", "success", "failed", "up_for_retry", "upstream_failed",
// "skipped".
std::string_view task_state_name(TaskState state);
// The state a name spells, or nullopt.
std::optional<TaskState> parse_task_state(std::string_view name);
// Success, failed, upstream_failed and skipped: the state will not change unless cleared.
bool is_finished(TaskState state);

}  // namespace sluice
