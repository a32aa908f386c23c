// BoundedQueue: blocking capacity, close semantics and pop_some's grouping.
#include "core/bounded_queue.h"

#include <gtest/gtest.h>

#include <thread>

namespace sluice {
namespace {

TEST(BoundedQueueTest, PopSomeTakesWhatIsQueuedUpToTheLimit) {
  BoundedQueue<int> queue(8);
  for (int i = 0; i < 5; ++i) {
    int item = i;
    ASSERT_TRUE(queue.push(item));
  }
  EXPECT_EQ(queue.pop_some(3), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(queue.pop_some(10), (std::vector<int>{3, 4}));
  queue.close();
  EXPECT_TRUE(queue.pop_some(10).empty());
}

TEST(BoundedQueueTest, PopSomeWaitsForTheFirstItemAndFreesRoomForProducers) {
  BoundedQueue<int> queue(2);
  std::thread producer([&] {
    for (int i = 0; i < 6; ++i) {
      int item = i;
      ASSERT_TRUE(queue.push(item));  // blocks while two are queued
    }
    queue.close();
  });
  std::vector<int> seen;
  while (true) {
    auto some = queue.pop_some(4);
    if (some.empty()) break;
    EXPECT_LE(some.size(), 2U);  // never more than the capacity was queued
    seen.insert(seen.end(), some.begin(), some.end());
  }
  producer.join();
  EXPECT_EQ(seen, (std::vector<int>{0, 1, 2, 3, 4, 5}));
}

TEST(BoundedQueueTest, PushFailsOnceClosedAndLeavesTheItem) {
  BoundedQueue<std::string> queue(1);
  queue.close();
  std::string item = "kept";
  EXPECT_FALSE(queue.push(item));
  EXPECT_EQ(item, "kept");
}

}  // namespace
}  // namespace sluice
