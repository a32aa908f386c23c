// BoundedQueue: blocking capacity, close semantics and pop_some's grouping.
#include "core/bounded_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <limits>
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

// Items weigh their size (like batches of records): the bound is on the summed weight.
BoundedQueue<std::vector<int>> weighed_queue(size_t capacity) {
  return BoundedQueue<std::vector<int>>(capacity,
                                        [](const std::vector<int>& v) { return v.size(); });
}

TEST(BoundedQueueTest, WeightedCapacityCountsTheItemsWeights) {
  auto queue = weighed_queue(10);
  std::vector<int> small(3), big(7), one(1);
  ASSERT_TRUE(queue.push(small));
  ASSERT_TRUE(queue.push(big));
  EXPECT_EQ(queue.weight(), 10U);
  EXPECT_EQ(queue.size(), 2U);
  // Full by weight: a push of even one more must wait until the consumer takes something.
  std::atomic<bool> pushed{false};
  std::thread producer([&] {
    EXPECT_TRUE(queue.push(one));
    pushed = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT_FALSE(pushed.load());
  auto first = queue.pop();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->size(), 3U);
  producer.join();
  EXPECT_TRUE(pushed.load());
  EXPECT_EQ(queue.weight(), 8U);
  auto rest = queue.pop_some(std::numeric_limits<size_t>::max());
  ASSERT_EQ(rest.size(), 2U);
  EXPECT_EQ(queue.weight(), 0U);
}

TEST(BoundedQueueTest, WeightedItemHeavierThanTheCapacityEntersAnEmptyQueue) {
  auto queue = weighed_queue(4);
  std::vector<int> huge(9);
  ASSERT_TRUE(queue.push(huge));  // would wait forever if it had to fit
  EXPECT_EQ(queue.weight(), 9U);
  EXPECT_EQ(queue.pop()->size(), 9U);
}

TEST(BoundedQueueTest, ManySmallWeightedItemsFillOneCapacity) {
  // The processor's case: small batches from quiet partitions all fit, so one pop_some takes
  // them as one group.
  auto queue = weighed_queue(100);
  for (int i = 0; i < 20; ++i) {
    std::vector<int> batch(5, i);
    ASSERT_TRUE(queue.push(batch));
  }
  EXPECT_EQ(queue.pop_some(std::numeric_limits<size_t>::max()).size(), 20U);
}

TEST(BoundedQueueTest, PopSomeUntilTellsATimeoutFromAClosedQueue) {
  BoundedQueue<int> queue(4);
  auto soon = [] { return std::chrono::steady_clock::now() + std::chrono::milliseconds(20); };
  auto nothing = queue.pop_some_until(4, soon());
  ASSERT_TRUE(nothing.has_value());  // timed out: open, just empty
  EXPECT_TRUE(nothing->empty());
  int item = 7;
  ASSERT_TRUE(queue.push(item));
  EXPECT_EQ(queue.pop_some_until(4, soon()), std::optional(std::vector<int>{7}));
  item = 8;
  ASSERT_TRUE(queue.push(item));
  queue.close();
  EXPECT_EQ(queue.pop_some_until(4, soon()), std::optional(std::vector<int>{8}));  // drains
  EXPECT_FALSE(queue.pop_some_until(4, soon()).has_value());                       // then ends
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
