// The processor as one worker of a consumer group, over the in-memory log and sink: partitions
// move between workers without a record read twice or lost, a failed sink group is never
// committed past, and offsets follow only completed groups.
#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "../valid_profile.h"
#include "core/config.h"
#include "log/memory/memory_log.h"
#include "process/offset_committer.h"
#include "process/processor.h"
#include "sink/memory/memory_sink.h"

namespace sluice {
namespace {

class ProcessorGroupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = load_config(std::string(SLUICE_SOURCE_DIR) + "/config/local.yaml");
    config_.process.batch_records = 50;
    // The shipped config hashes email and phone; these tests never look at them, so a key of
    // their own keeps the processor from making one under ./data.
    config_.protect.key_env = "PROCESSOR_GROUP_TEST_PROTECT_KEY";
    setenv("PROCESSOR_GROUP_TEST_PROTECT_KEY", "processor-group-test-protect-key", 1);
    schema_ = config_.schema();
    sink_ = std::make_unique<MemorySink>(schema_);
    ASSERT_TRUE(sink_->open().ok());
  }

  void publish(int from, int count) {
    auto writer = log_.open_writer();
    ASSERT_TRUE(writer.ok());
    for (int page = from; page < from + count; page += 100) {
      std::vector<LogRecord> records;
      for (int i = page; i < std::min(from + count, page + 100); ++i) {
        const std::string name = "user" + std::to_string(i);
        records.push_back({name, testing::valid_profile(name), 1764077401000});
      }
      ASSERT_TRUE((*writer)->publish(records, "page=" + std::to_string(page)).ok());
    }
  }

  std::unique_ptr<ProcessProbe> probe() {
    std::vector<std::string> ids;
    for (const auto& r : config_.rules)
      ids.push_back(r.id);
    return std::make_unique<ProcessProbe>(registry_, "t", ids, log_.partition_count());
  }

  // Runs one worker until `stop`, in a thread of its own.
  std::thread worker(ProcessProbe* probe, std::atomic<bool>* stop, Status* result) {
    return std::thread([this, probe, stop, result] {
      auto consumer = log_.open_consumer(config_.process.group);
      if (!consumer.ok()) {
        *result = consumer.status();
        return;
      }
      Processor processor(config_, consumer->get(), sink_.get(), probe);
      *result = processor.run(*stop, {});
    });
  }

  static void wait_until(const std::function<bool()>& done) {
    for (int i = 0; i < 1000 && !done(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }

  PipelineConfig config_;
  Schema schema_;
  MemoryLog log_{4};
  std::unique_ptr<MemorySink> sink_;
  prometheus::Registry registry_;
};

TEST_F(ProcessorGroupTest, ASecondWorkerTakesPartitionsOverWithoutRereadingOrLosingRecords) {
  publish(0, 3000);
  auto probe_a = probe();
  auto probe_b = probe();
  std::atomic<bool> stop{false};
  Status a_status;
  Status b_status;
  std::thread a = worker(probe_a.get(), &stop, &a_status);
  wait_until([&] { return probe_a->records.load() > 0; });
  std::thread b = worker(probe_b.get(), &stop, &b_status);  // the group rebalances
  publish(3000, 3000);
  wait_until([&] { return probe_a->records.load() + probe_b->records.load() >= 6000; });
  // Give a stray re-read, if there were one, the time to show.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  stop = true;
  a.join();
  b.join();
  ASSERT_TRUE(a_status.ok()) << a_status.to_string();
  ASSERT_TRUE(b_status.ok()) << b_status.to_string();
  EXPECT_GT(probe_b->records.load(), 0) << "the second worker was never given a partition";
  // Revocation committed what worker A had stored, so B started exactly there.
  EXPECT_EQ(probe_a->records.load() + probe_b->records.load(), 6000);
  EXPECT_EQ(sink_->stored().size(), 6000u);
  EXPECT_TRUE(sink_->quarantined().empty());
}

TEST_F(ProcessorGroupTest, AFailedSinkGroupIsNeverCommittedPastAndIsWrittenAgain) {
  publish(0, 1000);
  sink_->fail_next(1, Status::io_error("disk went away"));
  auto first = probe();
  {
    auto consumer = log_.open_consumer(config_.process.group);
    ASSERT_TRUE(consumer.ok());
    Processor processor(config_, consumer->get(), sink_.get(), first.get());
    std::atomic<bool> stop{false};
    Status s = processor.run(stop, {.until_idle = true});
    EXPECT_EQ(s.code(), StatusCode::kIoError) << s.to_string();
  }
  EXPECT_LT(sink_->stored().size(), 1000u);
  // The group offsets stop before the failed group: a restart writes it again.
  auto again = probe();
  auto consumer = log_.open_consumer(config_.process.group);
  ASSERT_TRUE(consumer.ok());
  Processor processor(config_, consumer->get(), sink_.get(), again.get());
  std::atomic<bool> stop{false};
  Status s = processor.run(stop, {.until_idle = true});
  ASSERT_TRUE(s.ok()) << s.to_string();
  EXPECT_GT(again->records.load(), 0);
  EXPECT_EQ(sink_->stored().size(), 1000u);
  EXPECT_TRUE(sink_->quarantined().empty());
}

// Every group the sink completes is timed once from submit to durable: as many write samples
// as sink transactions.
TEST_F(ProcessorGroupTest, EachCompletedGroupIsOneSinkWriteSample) {
  publish(0, 3000);
  auto p = probe();
  auto consumer = log_.open_consumer(config_.process.group);
  ASSERT_TRUE(consumer.ok());
  Processor processor(config_, consumer->get(), sink_.get(), p.get());
  std::atomic<bool> stop{false};
  ASSERT_TRUE(processor.run(stop, {.until_idle = true}).ok());
  auto count_of = [&](const std::string& name) -> uint64_t {
    for (const auto& f : registry_.Collect())
      if (f.name == name) return f.metric.at(0).histogram.sample_count;
    return 0;
  };
  EXPECT_GT(count_of("sluice_sink_write_seconds"), 0u);
  EXPECT_EQ(count_of("sluice_sink_write_seconds"), count_of("sluice_process_batch_records"));
}

TEST(OffsetCommitterTest, CommitsOnlyUpToTheOldestGroupNotYetCompleted) {
  MemoryLog log(2);
  auto consumer = log.open_consumer("g");
  ASSERT_TRUE(consumer.ok());
  ASSERT_TRUE((*consumer)->subscribe(nullptr).ok());
  ASSERT_TRUE((*consumer)->poll(10, 0).ok());  // takes both partitions
  OffsetCommitter committer(consumer->get(), std::chrono::milliseconds(0));
  const uint64_t g1 = committer.begin_group({{0, 10}});
  const uint64_t g2 = committer.begin_group({{0, 20}, {1, 5}});
  committer.complete(g2, Status::ok_status());  // out of order: nothing committable yet
  ASSERT_TRUE(committer.maybe_commit(true).ok());
  EXPECT_TRUE((*consumer->get()).committed({0, 1})->empty());
  committer.complete(g1, Status::ok_status());
  ASSERT_TRUE(committer.maybe_commit(true).ok());
  EXPECT_EQ(*(*consumer)->committed({0, 1}), (std::map<int, int64_t>{{0, 20}, {1, 5}}));
  EXPECT_EQ(committer.take_completed().size(), 2u);

  const uint64_t g3 = committer.begin_group({{1, 9}});
  committer.complete(g3, Status::io_error("lost"));
  EXPECT_FALSE(committer.failure().ok());
  ASSERT_TRUE(committer.maybe_commit(true).ok());
  EXPECT_EQ((*consumer)->committed({1})->at(1), 5) << "a failed group is never committed";
}

}  // namespace
}  // namespace sluice
