// OffsetCommitter: offsets move only up to the oldest group the sink has not completed, and a
// commit the log refuses for now (its servers away) is tried again later instead of stopping
// the processor, while one it refuses for good is an error.
#include "process/offset_committer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <deque>
#include <map>
#include <vector>

namespace sluice {
namespace {

// A consumer that only takes commits: each answers with the next queued status (ok when none)
// and, when ok, records the offsets. The committer uses nothing else of it.
class CommitRecorder final : public LogConsumer {
 public:
  std::deque<Status> answers;
  std::vector<std::map<int, int64_t>> commits;  // the accepted ones, in order

  Status commit(const std::map<int, int64_t>& next_offsets) override {
    Status answer;
    if (!answers.empty()) {
      answer = answers.front();
      answers.pop_front();
    }
    if (answer.ok()) commits.push_back(next_offsets);
    return answer;
  }
  Status subscribe(RebalanceListener*) override { return {}; }
  Result<std::vector<LogBatch>> poll(size_t, int) override { return std::vector<LogBatch>{}; }
  Result<std::map<int, int64_t>> committed(const std::vector<int>&) override {
    return std::map<int, int64_t>{};
  }
  Status seek(int, int64_t) override { return {}; }
  Result<int64_t> offset_for_time(int, int64_t) override { return int64_t{0}; }
  std::map<int, int64_t> lag() const override { return {}; }
  std::vector<int> assignment() const override { return {0, 1}; }
  int partition_count() const override { return 2; }
  Status close() override { return {}; }
};

TEST(OffsetCommitter, CommitsOnlyUpToTheOldestGroupNotCompleted) {
  CommitRecorder consumer;
  OffsetCommitter committer(&consumer, std::chrono::milliseconds(0));
  const uint64_t first = committer.begin_group({{0, 10}});
  const uint64_t second = committer.begin_group({{0, 20}, {1, 5}});
  committer.complete(second, Status::ok_status());
  ASSERT_TRUE(committer.maybe_commit(true).ok());
  EXPECT_TRUE(consumer.commits.empty()) << "the first group is not durable yet";

  committer.complete(first, Status::ok_status());
  ASSERT_TRUE(committer.maybe_commit(true).ok());
  ASSERT_EQ(consumer.commits.size(), 1u);
  EXPECT_EQ(consumer.commits[0], (std::map<int, int64_t>{{0, 20}, {1, 5}}));
  EXPECT_EQ(committer.in_flight(), 0u);
}

TEST(OffsetCommitter, ACommitRefusedForNowIsRetriedAndReported) {
  CommitRecorder consumer;
  OffsetCommitter committer(&consumer, std::chrono::milliseconds(0));
  consumer.answers = {Status::unavailable("committing offsets of t: Broker transport failure"),
                      Status(StatusCode::kTimeout, "committing offsets of t: Local: Timed out")};
  committer.complete(committer.begin_group({{0, 7}}), Status::ok_status());

  EXPECT_TRUE(committer.maybe_commit(true).ok());
  EXPECT_NE(committer.unreachable().find("transport failure"), std::string::npos);
  EXPECT_TRUE(committer.maybe_commit(true).ok());
  EXPECT_NE(committer.unreachable().find("Timed out"), std::string::npos);
  EXPECT_TRUE(consumer.commits.empty());

  // The servers are back: the same offsets go, and nothing is reported any more.
  EXPECT_TRUE(committer.maybe_commit(true).ok());
  ASSERT_EQ(consumer.commits.size(), 1u);
  EXPECT_EQ(consumer.commits[0], (std::map<int, int64_t>{{0, 7}}));
  EXPECT_EQ(committer.unreachable(), "");
  EXPECT_TRUE(committer.failure().ok());
}

// The dashboard learns committed offsets from the callback: only commits that went through, and
// only the offsets each one moved.
TEST(OffsetCommitter, OnCommittedSeesTheOffsetsEachAcceptedCommitMoved) {
  CommitRecorder consumer;
  OffsetCommitter committer(&consumer, std::chrono::milliseconds(0));
  std::vector<std::map<int, int64_t>> seen;
  committer.on_committed([&seen](const std::map<int, int64_t>& moved) { seen.push_back(moved); });
  consumer.answers = {Status::unavailable("broker away")};
  committer.complete(committer.begin_group({{0, 4}, {1, 9}}), Status::ok_status());
  ASSERT_TRUE(committer.maybe_commit(true).ok());
  EXPECT_TRUE(seen.empty()) << "a refused commit moved nothing";
  ASSERT_TRUE(committer.maybe_commit(true).ok());
  committer.complete(committer.begin_group({{1, 12}}), Status::ok_status());
  ASSERT_TRUE(committer.maybe_commit(true).ok());
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], (std::map<int, int64_t>{{0, 4}, {1, 9}}));
  EXPECT_EQ(seen[1], (std::map<int, int64_t>{{1, 12}})) << "partition 0 did not move";
}

TEST(OffsetCommitter, ACommitRefusedForGoodIsAnError) {
  CommitRecorder consumer;
  OffsetCommitter committer(&consumer, std::chrono::milliseconds(0));
  consumer.answers = {Status::invalid_argument("partition 0 is not assigned to this consumer")};
  committer.complete(committer.begin_group({{0, 3}}), Status::ok_status());
  Status s = committer.maybe_commit(true);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(committer.unreachable(), "");
}

// After a broker outage longer than the session: the group moved on without this member. Its
// offsets are dropped (the partitions' new owner reads them again), not retried, not an error.
TEST(OffsetCommitter, OffsetsTheGroupMovedOnFromAreDroppedNotFatal) {
  CommitRecorder consumer;
  OffsetCommitter committer(&consumer, std::chrono::milliseconds(0));
  consumer.answers = {Status::aborted("committing offsets of t: Broker: Unknown member")};
  committer.complete(committer.begin_group({{0, 5}}), Status::ok_status());
  EXPECT_TRUE(committer.maybe_commit(true).ok());
  EXPECT_TRUE(committer.failure().ok());
  EXPECT_EQ(committer.unreachable(), "");
  EXPECT_TRUE(committer.maybe_commit(true).ok());
  EXPECT_TRUE(consumer.commits.empty()) << "the dropped offsets are not sent again";
  // Later groups (after the member rejoined) commit as usual.
  committer.complete(committer.begin_group({{0, 9}}), Status::ok_status());
  EXPECT_TRUE(committer.maybe_commit(true).ok());
  ASSERT_EQ(consumer.commits.size(), 1u);
  EXPECT_EQ(consumer.commits[0], (std::map<int, int64_t>{{0, 9}}));
}

TEST(OffsetCommitter, AFailedGroupIsNeverCommittedPast) {
  CommitRecorder consumer;
  OffsetCommitter committer(&consumer, std::chrono::milliseconds(0));
  const uint64_t failed = committer.begin_group({{0, 10}});
  const uint64_t later = committer.begin_group({{0, 20}});
  committer.complete(failed, Status::io_error("disk full"));
  committer.complete(later, Status::ok_status());
  EXPECT_EQ(committer.failure().code(), StatusCode::kIoError);
  ASSERT_TRUE(committer.maybe_commit(true).ok());
  EXPECT_TRUE(consumer.commits.empty());
}

}  // namespace
}  // namespace sluice
