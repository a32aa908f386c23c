#include "log/catch_up.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

TEST(CatchUp, NothingPublishedIsCaughtUp) {
  EXPECT_TRUE(catch_up({}, {}).done());
  EXPECT_TRUE(catch_up({}, {{0, 7}}).done());
}

TEST(CatchUp, APartitionNeverCommittedCountsFromZero) {
  const CatchUp left = catch_up({{0, 10}, {1, 4}}, {{0, 10}});
  EXPECT_FALSE(left.done());
  EXPECT_EQ(left.behind, (std::map<int, int64_t>{{1, 4}}));
  EXPECT_EQ(left.records, 4);
}

TEST(CatchUp, CommittedAtOrPastTheTargetIsDoneAndRecordsSumTheRest) {
  const std::map<int, int64_t> targets{{0, 10}, {1, 20}, {3, 5}};
  CatchUp left = catch_up(targets, {{0, 3}, {1, 25}, {3, 4}});
  EXPECT_EQ(left.behind, (std::map<int, int64_t>{{0, 7}, {3, 1}}));
  EXPECT_EQ(left.records, 8);
  EXPECT_EQ(describe_catch_up(left, targets), "partition 0: 3 of 10, partition 3: 4 of 5");
  // Records published after the targets were taken do not hold the wait up.
  EXPECT_TRUE(catch_up(targets, {{0, 10}, {1, 20}, {3, 9}}).done());
}

}  // namespace
}  // namespace sluice
