// The task graph: cycles, topological order, what is downstream of a task.
#include "schedule/dag.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sluice {
namespace {

// Tasks named by single letters with their upstream indexes.
Workflow graph(const std::vector<std::vector<size_t>>& upstream) {
  Workflow w;
  for (size_t i = 0; i < upstream.size(); ++i) {
    TaskSpec t;
    t.name = std::string(1, static_cast<char>('a' + i));
    t.upstream = upstream[i];
    w.tasks.push_back(t);
  }
  return w;
}

TEST(Dag, TopologicalOrderKeepsDeclarationOrderAmongFreeTasks) {
  // d after b and c; b after a; c free; a free; e after d.
  const Workflow w = graph({{}, {0}, {}, {1, 2}, {3}});
  EXPECT_EQ(topological_order(w), (std::vector<size_t>{0, 1, 2, 3, 4}));
  // Declared backwards: each task still follows its upstream.
  const Workflow back = graph({{1}, {2}, {}});
  EXPECT_EQ(topological_order(back), (std::vector<size_t>{2, 1, 0}));
}

TEST(Dag, DownstreamOfATaskInRunOrder) {
  const Workflow w = graph({{}, {0}, {}, {1, 2}, {3}, {2}});
  EXPECT_EQ(task_and_downstream(w, 1), (std::vector<size_t>{1, 3, 4}));
  EXPECT_EQ(task_and_downstream(w, 2), (std::vector<size_t>{2, 3, 4, 5}));
  EXPECT_EQ(task_and_downstream(w, 4), (std::vector<size_t>{4}));
}

TEST(Dag, CycleIsReportedInRunOrderFromItsFirstDeclaredTask) {
  // a after c, b after a, c after b: a -> b -> c -> a.
  EXPECT_EQ(find_cycle(graph({{2}, {0}, {1}}).tasks), (std::vector<size_t>{0, 1, 2}));
  // A cycle away from the first task, behind an acyclic part: c -> d -> c.
  EXPECT_EQ(find_cycle(graph({{}, {0}, {3}, {2}}).tasks), (std::vector<size_t>{2, 3}));
  EXPECT_TRUE(find_cycle(graph({{}, {0}, {0, 1}}).tasks).empty());
}

}  // namespace
}  // namespace sluice
