#include "schedule/runner/run_advance.h"

#include <spdlog/spdlog.h>

#include <map>
#include <string>
#include <vector>

#include "schedule/dag.h"
#include "schedule/trigger_rule.h"

namespace sluice::schedule {
namespace {

TaskState state_of(TriggerDecision decision) {
  switch (decision) {
    case TriggerDecision::kRun:
      return TaskState::kQueued;
    case TriggerDecision::kUpstreamFailed:
      return TaskState::kUpstreamFailed;
    case TriggerDecision::kSkipped:
      return TaskState::kSkipped;
    case TriggerDecision::kWait:
      break;
  }
  return TaskState::kNone;
}

// The run's final state once every instance has finished; nullopt while one has not.
std::optional<RunState> final_state(const Workflow& workflow,
                                    const std::map<std::string, TaskState>& states) {
  for (const auto& [task, state] : states) {
    if (!is_finished(state)) return std::nullopt;
  }
  std::vector<bool> has_downstream(workflow.tasks.size(), false);
  for (const TaskSpec& task : workflow.tasks) {
    for (size_t up : task.upstream)
      has_downstream[up] = true;
  }
  for (size_t i = 0; i < workflow.tasks.size(); ++i) {
    if (has_downstream[i]) continue;
    auto it = states.find(workflow.tasks[i].name);
    if (it != states.end() &&
        (it->second == TaskState::kFailed || it->second == TaskState::kUpstreamFailed)) {
      return RunState::kFailed;
    }
  }
  return RunState::kSuccess;
}

}  // namespace

Status advance_run(RunStore& store, const Workflow& workflow, const WorkflowRun& run,
                   int64_t now_ms) {
  SLUICE_ASSIGN_OR_RETURN(auto instances, store.task_instances(run.id));
  std::map<std::string, TaskState> states;
  for (const TaskInstance& instance : instances)
    states[instance.task] = instance.state;

  for (size_t index : topological_order(workflow)) {
    const TaskSpec& task = workflow.tasks[index];
    auto it = states.find(task.name);
    if (it == states.end() || it->second != TaskState::kNone) continue;
    std::vector<TaskState> upstream;
    for (size_t up : task.upstream) {
      auto found = states.find(workflow.tasks[up].name);
      upstream.push_back(found == states.end() ? TaskState::kNone : found->second);
    }
    const TaskState to = state_of(evaluate_trigger_rule(task.trigger_rule, upstream));
    if (to == TaskState::kNone) continue;
    SLUICE_ASSIGN_OR_RETURN(bool moved,
                            store.transition(run.id, task.name, TaskState::kNone, to, now_ms));
    if (!moved) {
      // Another scheduler (or a clear) moved it first: read what it is now.
      SLUICE_ASSIGN_OR_RETURN(TaskInstance now, store.task_instance(run.id, task.name));
      it->second = now.state;
      continue;
    }
    it->second = to;
    spdlog::info("workflow {} run {} task {}: {}", workflow.name, run.run_id, task.name,
                 task_state_name(to));
  }

  const auto final = final_state(workflow, states);
  if (!final || states.empty()) return Status::ok_status();
  SLUICE_ASSIGN_OR_RETURN(bool moved, store.set_run_state(run.id, run.state, *final, now_ms));
  if (moved) {
    spdlog::info("workflow {} run {}: {}", workflow.name, run.run_id, run_state_name(*final));
  }
  return Status::ok_status();
}

}  // namespace sluice::schedule
