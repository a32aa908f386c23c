#include "schedule/task_state.h"

#include <array>

namespace sluice {
namespace {

constexpr std::array<TaskState, 8> kStates = {
    TaskState::kNone,   TaskState::kQueued,     TaskState::kRunning,        TaskState::kSuccess,
    TaskState::kFailed, TaskState::kUpForRetry, TaskState::kUpstreamFailed, TaskState::kSkipped,
};

}  // namespace

std::string_view task_state_name(TaskState state) {
  switch (state) {
    case TaskState::kNone:
      return "none";
    case TaskState::kQueued:
      return "queued";
    case TaskState::kRunning:
      return "running";
    case TaskState::kSuccess:
      return "success";
    case TaskState::kFailed:
      return "failed";
    case TaskState::kUpForRetry:
      return "up_for_retry";
    case TaskState::kUpstreamFailed:
      return "upstream_failed";
    case TaskState::kSkipped:
      return "skipped";
  }
  return "none";
}

std::optional<TaskState> parse_task_state(std::string_view name) {
  for (TaskState s : kStates) {
    if (task_state_name(s) == name) return s;
  }
  return std::nullopt;
}

bool is_finished(TaskState state) {
  return state == TaskState::kSuccess || state == TaskState::kFailed ||
         state == TaskState::kUpstreamFailed || state == TaskState::kSkipped;
}

}  // namespace sluice
