#include "schedule/dag.h"

#include <algorithm>
#include <functional>
#include <queue>

namespace sluice {
namespace {

enum class Mark { kNew, kOnPath, kDone };

// Depth-first along upstream links; returns the cycle closed by reaching a task on the path.
bool visit(const std::vector<TaskSpec>& tasks, size_t at, std::vector<Mark>* marks,
           std::vector<size_t>* path, std::vector<size_t>* cycle) {
  (*marks)[at] = Mark::kOnPath;
  path->push_back(at);
  for (size_t up : tasks[at].upstream) {
    if ((*marks)[up] == Mark::kOnPath) {
      // The path from `up` to here, each after the next: reversed, it is the running order.
      auto from = std::find(path->begin(), path->end(), up);
      cycle->assign(from, path->end());
      std::reverse(cycle->begin(), cycle->end());
      // Start the cycle at its earliest declared task, so the message does not depend on
      // where the search came in.
      std::rotate(cycle->begin(), std::min_element(cycle->begin(), cycle->end()), cycle->end());
      return true;
    }
    if ((*marks)[up] == Mark::kNew && visit(tasks, up, marks, path, cycle)) return true;
  }
  path->pop_back();
  (*marks)[at] = Mark::kDone;
  return false;
}

}  // namespace

std::vector<size_t> find_cycle(const std::vector<TaskSpec>& tasks) {
  std::vector<Mark> marks(tasks.size(), Mark::kNew);
  std::vector<size_t> path;
  std::vector<size_t> cycle;
  for (size_t i = 0; i < tasks.size(); ++i) {
    if (marks[i] == Mark::kNew && visit(tasks, i, &marks, &path, &cycle)) return cycle;
  }
  return {};
}

std::vector<size_t> topological_order(const Workflow& workflow) {
  const std::vector<TaskSpec>& tasks = workflow.tasks;
  std::vector<size_t> waiting_on(tasks.size());
  std::vector<std::vector<size_t>> downstream(tasks.size());
  for (size_t i = 0; i < tasks.size(); ++i) {
    waiting_on[i] = tasks[i].upstream.size();
    for (size_t up : tasks[i].upstream)
      downstream[up].push_back(i);
  }
  // Kahn's algorithm, always taking the earliest declared task that is free to go.
  std::priority_queue<size_t, std::vector<size_t>, std::greater<>> ready;
  for (size_t i = 0; i < tasks.size(); ++i) {
    if (waiting_on[i] == 0) ready.push(i);
  }
  std::vector<size_t> order;
  order.reserve(tasks.size());
  while (!ready.empty()) {
    const size_t next = ready.top();
    ready.pop();
    order.push_back(next);
    for (size_t down : downstream[next]) {
      if (--waiting_on[down] == 0) ready.push(down);
    }
  }
  return order;
}

std::vector<size_t> task_and_downstream(const Workflow& workflow, size_t task) {
  std::vector<bool> chosen(workflow.tasks.size(), false);
  chosen[task] = true;
  std::vector<size_t> out;
  // In topological order every upstream task is decided before its downstream ones.
  for (size_t i : topological_order(workflow)) {
    for (size_t up : workflow.tasks[i].upstream)
      chosen[i] = chosen[i] || chosen[up];
    if (chosen[i]) out.push_back(i);
  }
  return out;
}

}  // namespace sluice
