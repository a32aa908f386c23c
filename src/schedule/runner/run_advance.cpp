#include "schedule/runner/run_advance.h"

#include <spdlog/spdlog.h>

#include <algorithm>
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

// Since when a task whose upstream tasks have decided may run (run_advance.h).
int64_t ready_since(const WorkflowRun& run, const TaskInstance& instance,
                    const std::vector<int64_t>& upstream_ended, int64_t now_ms) {
  if (instance.attempt > 0) return now_ms;  // cleared: it runs again from now
  int64_t ready = run_due_ms(run);
  for (int64_t ended : upstream_ended)
    ready = std::max(ready, ended);
  return std::min(ready, now_ms);
}

}  // namespace

int64_t run_due_ms(const WorkflowRun& run) {
  return run.kind == RunKind::kScheduled ? run.data_interval_end_ms : run.created_ms;
}

Result<RunAdvance> advance_run(RunStore& store, const Workflow& workflow, const WorkflowRun& run,
                               const std::vector<TaskInstance>& instances, int64_t now_ms) {
  RunAdvance advance;
  std::map<std::string, TaskState> states;
  std::map<std::string, const TaskInstance*> by_name;
  for (const TaskInstance& instance : instances) {
    states[instance.task] = instance.state;
    by_name[instance.task] = &instance;
  }

  for (size_t index : topological_order(workflow)) {
    const TaskSpec& task = workflow.tasks[index];
    auto it = states.find(task.name);
    if (it == states.end() || it->second != TaskState::kNone) continue;
    std::vector<TaskState> upstream;
    std::vector<int64_t> upstream_ended;
    for (size_t up : task.upstream) {
      const std::string& name = workflow.tasks[up].name;
      auto found = states.find(name);
      upstream.push_back(found == states.end() ? TaskState::kNone : found->second);
      auto instance = by_name.find(name);
      // An upstream task this call just decided has ended now.
      upstream_ended.push_back(instance == by_name.end() || !instance->second->ended_ms
                                   ? now_ms
                                   : *instance->second->ended_ms);
    }
    const TaskState to = state_of(evaluate_trigger_rule(task.trigger_rule, upstream));
    if (to == TaskState::kNone) continue;
    // Entering queued, the time given is the one ready_at_ms records.
    const int64_t at = to == TaskState::kQueued
                           ? ready_since(run, *by_name[task.name], upstream_ended, now_ms)
                           : now_ms;
    SLUICE_ASSIGN_OR_RETURN(bool moved,
                            store.transition(run.id, task.name, TaskState::kNone, to, at));
    if (!moved) {
      // Another scheduler (or a clear) moved it first: read what it is now.
      SLUICE_ASSIGN_OR_RETURN(TaskInstance now, store.task_instance(run.id, task.name));
      it->second = now.state;
      continue;
    }
    it->second = to;
    advance.moved.emplace_back(task.name, to);
    spdlog::info("workflow {} run {} task {}: {}", workflow.name, run.run_id, task.name,
                 task_state_name(to));
  }

  const auto final = final_state(workflow, states);
  if (!final || states.empty()) return advance;
  SLUICE_ASSIGN_OR_RETURN(bool moved, store.set_run_state(run.id, run.state, *final, now_ms));
  if (moved) {
    advance.ended = *final;
    spdlog::info("workflow {} run {}: {}", workflow.name, run.run_id, run_state_name(*final));
  }
  return advance;
}

}  // namespace sluice::schedule
