// The task graph of a workflow: edges run from each task to the tasks it comes `after`
// (TaskSpec::upstream). Loading refuses cycles (find_cycle), so the other functions may assume
// a loaded workflow's graph is acyclic.
#pragma once

#include <cstddef>
#include <vector>

#include "schedule/workflow.h"

namespace sluice {

// A cycle of upstream links as task indexes in the order the tasks would run, each after the one
// before it and the first after the last ("a", "b", "c" for a -> b -> c -> a); empty when there
// is none. Of several cycles, the one reached first from the earliest declared task.
std::vector<size_t> find_cycle(const std::vector<TaskSpec>& tasks);

// Every task once, each after all of its upstream tasks; among tasks free to go in the same
// place, the one declared first. The order a run lists and starts its tasks in.
std::vector<size_t> topological_order(const Workflow& workflow);

// `task` and every task downstream of it (directly or not), in topological order: what `clear`
// re-runs.
std::vector<size_t> task_and_downstream(const Workflow& workflow, size_t task);

}  // namespace sluice
