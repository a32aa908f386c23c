#include "schedule/workflow.h"

namespace sluice {

std::string_view task_kind_name(TaskKind kind) {
  switch (kind) {
    case TaskKind::kIngest:
      return "ingest";
    case TaskKind::kEnsure:
      return "ensure";
    case TaskKind::kWaitCaughtUp:
      return "wait_caught_up";
    case TaskKind::kReplay:
      return "replay";
    case TaskKind::kShell:
      return "shell";
    case TaskKind::kHttp:
      return "http";
  }
  return "shell";
}

std::string_view trigger_rule_name(TriggerRule rule) {
  switch (rule) {
    case TriggerRule::kAllSuccess:
      return "all_success";
    case TriggerRule::kAllDone:
      return "all_done";
    case TriggerRule::kOneFailed:
      return "one_failed";
  }
  return "all_success";
}

std::optional<size_t> Workflow::task_index(std::string_view name) const {
  for (size_t i = 0; i < tasks.size(); ++i) {
    if (tasks[i].name == name) return i;
  }
  return std::nullopt;
}

}  // namespace sluice
