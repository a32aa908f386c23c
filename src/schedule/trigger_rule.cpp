#include "schedule/trigger_rule.h"

namespace sluice {
namespace {

struct Counts {
  size_t success = 0;
  size_t failed = 0;  // failed or upstream_failed
  size_t skipped = 0;
  size_t finished = 0;
};

Counts count(std::span<const TaskState> states) {
  Counts c;
  for (TaskState s : states) {
    if (s == TaskState::kSuccess) ++c.success;
    if (s == TaskState::kFailed || s == TaskState::kUpstreamFailed) ++c.failed;
    if (s == TaskState::kSkipped) ++c.skipped;
    if (is_finished(s)) ++c.finished;
  }
  return c;
}

}  // namespace

TriggerDecision evaluate_trigger_rule(TriggerRule rule, std::span<const TaskState> upstream) {
  if (upstream.empty()) return TriggerDecision::kRun;
  const Counts c = count(upstream);
  const bool all_finished = c.finished == upstream.size();
  switch (rule) {
    case TriggerRule::kAllSuccess:
      if (c.failed > 0) return TriggerDecision::kUpstreamFailed;
      if (c.skipped > 0) return TriggerDecision::kSkipped;
      return c.success == upstream.size() ? TriggerDecision::kRun : TriggerDecision::kWait;
    case TriggerRule::kAllDone:
      return all_finished ? TriggerDecision::kRun : TriggerDecision::kWait;
    case TriggerRule::kOneFailed:
      if (c.failed > 0) return TriggerDecision::kRun;
      return all_finished ? TriggerDecision::kSkipped : TriggerDecision::kWait;
  }
  return TriggerDecision::kWait;
}

}  // namespace sluice
