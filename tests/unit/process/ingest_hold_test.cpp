// IngestHold (process/ingest_hold.h), the bound `sluice run`'s interval ingest and its workflow
// ingest tasks obey, over the in-memory log: held while the group has more than the bound
// published and not committed, or while the reader's own lag says so.
#include "process/ingest_hold.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "log/memory/memory_log.h"

namespace sluice {
namespace {

struct Quiet final : RebalanceListener {
  void on_assigned(const std::vector<int>& /*partitions*/) override {}
  void on_revoked(const std::vector<int>& /*partitions*/) override {}
};

class IngestHoldTest : public ::testing::Test {
 protected:
  void publish(int n) {
    std::vector<LogRecord> records;
    for (int i = 0; i < n; ++i)
      records.push_back({.key = "k" + std::to_string(published_ + i), .value = "{}"});
    published_ += n;
    ASSERT_TRUE(log_.publish(records, "c" + std::to_string(published_)).ok());
  }
  // The group stores everything published so far.
  void commit_all() {
    auto consumer = log_.open_consumer("g");
    ASSERT_TRUE(consumer.ok());
    Quiet quiet;
    ASSERT_TRUE((*consumer)->subscribe(&quiet).ok());
    ASSERT_TRUE((*consumer)->poll(1000, 0).ok());
    ASSERT_TRUE((*consumer)->commit({{0, published_}}).ok());
    ASSERT_TRUE((*consumer)->close().ok());
  }

  MemoryLog log_{1};
  prometheus::Registry registry_;
  ProcessProbe probe_{registry_, "p", {}, 1};
  IngestHold hold_{&log_, "g", &probe_, 5};
  int64_t published_ = 0;
};

TEST_F(IngestHoldTest, HeldWhileMoreThanTheBoundIsPublishedAndNotStored) {
  EXPECT_FALSE(hold_());
  publish(5);
  EXPECT_FALSE(hold_()) << "at the bound, not past it";
  publish(1);
  EXPECT_TRUE(hold_());
  EXPECT_EQ(hold_.uncommitted(), 6);
  commit_all();
  EXPECT_FALSE(hold_());
  EXPECT_EQ(hold_.uncommitted(), 0);
  // The reader's lag alone holds too (fresh while the processor reads).
  probe_.lag = 6;
  EXPECT_TRUE(hold_());
}

// The status's `unstored` is the hold's figure: it must stay fresh while the reader's lag is
// what holds (a processor stuck on its sink), and look() asks the log whatever the bound says.
TEST_F(IngestHoldTest, TheUnstoredFigureIsFreshWhileTheReadersLagHolds) {
  probe_.lag = 100;
  publish(3);
  EXPECT_TRUE(hold_());
  EXPECT_EQ(hold_.uncommitted(), 3) << "asked the log though the reader's lag already held";
  publish(2);
  EXPECT_EQ(hold_.look(), 5);
  commit_all();
  EXPECT_EQ(hold_.look(), 0);
  EXPECT_EQ(hold_.uncommitted(), 0);
}

TEST_F(IngestHoldTest, AWaitSaysOnceThatItIsHeldAndEndsWhenTheGroupCatchesUp) {
  publish(8);
  std::vector<int64_t> said;
  std::atomic<bool> cancel{false};
  std::thread processor([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    commit_all();
  });
  EXPECT_TRUE(hold_.wait_while_held(cancel, 10, [&](int64_t n) { said.push_back(n); }));
  processor.join();
  EXPECT_EQ(said, std::vector<int64_t>{8});
  EXPECT_FALSE(hold_());

  said.clear();
  EXPECT_TRUE(hold_.wait_while_held(cancel, 10, [&](int64_t n) { said.push_back(n); }));
  EXPECT_TRUE(said.empty()) << "not held: nothing to say";
}

TEST_F(IngestHoldTest, ACancelEndsTheWait) {
  publish(8);
  std::atomic<bool> cancel{false};
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    cancel = true;
  });
  EXPECT_FALSE(hold_.wait_while_held(cancel, 10, nullptr));
  canceller.join();
}

}  // namespace
}  // namespace sluice
