// The real processor (BatchReader, GroupWriter, OffsetCommitter) over the Kafka log, into the
// memory sink: the same code as over the embedded log. Workers of one group take partitions
// over from each other without a record read twice or lost, and offsets follow the sink.
#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "../unit/valid_profile.h"
#include "core/config.h"
#include "kafka_test_util.h"
#include "log/kafka/kafka_log.h"
#include "process/processor.h"
#include "sink/memory/memory_sink.h"

namespace sluice {
namespace {

class KafkaProcessor : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = load_config(std::string(SLUICE_SOURCE_DIR) + "/config/local.yaml");
    config_.log = testing::kafka_config(testing::unique_name("sluice-processor"), 4);
    config_.process.batch_records = 50;
    config_.process.group = testing::unique_name("process");
    if (const char* s = std::getenv("SLUICE_TEST_ASSIGNOR")) {
      config_.log.kafka_options["partition.assignment.strategy"] = s;
    }
    auto log = kafka::KafkaLog::open(config_.log);
    ASSERT_TRUE(log.ok()) << log.status().to_string();
    log_ = std::move(log).value();
    auto writer = log_->open_writer();
    ASSERT_TRUE(writer.ok()) << writer.status().to_string();
    writer_ = std::move(writer).value();
    schema_ = config_.schema();
    sink_ = std::make_unique<MemorySink>(schema_);
    ASSERT_TRUE(sink_->open().ok());
  }

  void publish(int from, int count) {
    for (int page = from; page < from + count; page += 100) {
      std::vector<LogRecord> records;
      for (int i = page; i < std::min(from + count, page + 100); ++i) {
        const std::string name = "user" + std::to_string(i);
        records.push_back({name, testing::valid_profile(name), 1764077401000});
      }
      Status s = writer_->publish(records, "page=" + std::to_string(page));
      ASSERT_TRUE(s.ok()) << s.to_string();
    }
  }

  std::unique_ptr<ProcessProbe> probe() {
    std::vector<std::string> ids;
    for (const auto& r : config_.rules)
      ids.push_back(r.id);
    return std::make_unique<ProcessProbe>(registry_, "t", ids, log_->partition_count());
  }

  // One worker until `stop`, on a thread of its own, with a consumer of its own.
  std::thread worker(ProcessProbe* probe, std::atomic<bool>* stop, Status* result) {
    return std::thread([this, probe, stop, result] {
      auto consumer = log_->open_consumer(config_.process.group);
      if (!consumer.ok()) {
        *result = consumer.status();
        return;
      }
      Processor processor(config_, consumer->get(), sink_.get(), probe);
      *result = processor.run(*stop, {});
    });
  }

  static bool wait_until(const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
  }

  PipelineConfig config_;
  Schema schema_;
  std::unique_ptr<Log> log_;
  std::unique_ptr<LogWriter> writer_;
  std::unique_ptr<MemorySink> sink_;
  prometheus::Registry registry_;
};

TEST_F(KafkaProcessor, UntilIdleStoresEverythingAndCommitsTheEnds) {
  ASSERT_NO_FATAL_FAILURE(publish(0, 1000));
  auto p = probe();
  {
    auto consumer = log_->open_consumer(config_.process.group);
    ASSERT_TRUE(consumer.ok());
    Processor processor(config_, consumer->get(), sink_.get(), p.get());
    std::atomic<bool> stop{false};
    Status s = processor.run(stop, {.until_idle = true});
    ASSERT_TRUE(s.ok()) << s.to_string();
  }
  EXPECT_EQ(p->records.load(), 1000);
  EXPECT_EQ(sink_->stored().size(), 1000U);
  // A second run finds nothing left: the offsets were committed up to the end.
  auto again = probe();
  auto consumer = log_->open_consumer(config_.process.group);
  ASSERT_TRUE(consumer.ok());
  Processor processor(config_, consumer->get(), sink_.get(), again.get());
  std::atomic<bool> stop{false};
  ASSERT_TRUE(processor.run(stop, {.until_idle = true}).ok());
  EXPECT_EQ(again->records.load(), 0);
}

TEST_F(KafkaProcessor, ASecondWorkerTakesPartitionsOverWithoutRereadingOrLosingRecords) {
  ASSERT_NO_FATAL_FAILURE(publish(0, 3000));
  auto probe_a = probe();
  auto probe_b = probe();
  std::atomic<bool> stop_a{false};
  std::atomic<bool> stop_b{false};
  Status a_status;
  Status b_status;
  std::thread a = worker(probe_a.get(), &stop_a, &a_status);
  ASSERT_TRUE(wait_until([&] { return probe_a->records.load() > 0; }));
  std::thread b = worker(probe_b.get(), &stop_b, &b_status);  // the group rebalances
  // Keep publishing until b has partitions and records of its own (a rebalance takes a
  // heartbeat or two).
  int published = 3000;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (probe_b->records.load() == 0 && std::chrono::steady_clock::now() < deadline) {
    ASSERT_NO_FATAL_FAILURE(publish(published, 100));
    published += 100;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_GT(probe_b->records.load(), 0) << "the second worker was never given a partition";
  EXPECT_TRUE(
      wait_until([&] { return probe_a->records.load() + probe_b->records.load() >= published; }));
  // a stops (SIGTERM): it stores and commits what it read, and b takes its partitions.
  stop_a = true;
  a.join();
  ASSERT_NO_FATAL_FAILURE(publish(published, 2000));
  published += 2000;
  EXPECT_TRUE(
      wait_until([&] { return probe_a->records.load() + probe_b->records.load() >= published; }));
  // Give a stray re-read, if there were one, the time to show.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  stop_b = true;
  b.join();
  ASSERT_TRUE(a_status.ok()) << a_status.to_string();
  ASSERT_TRUE(b_status.ok()) << b_status.to_string();
  EXPECT_EQ(probe_a->records.load() + probe_b->records.load(), published);
  EXPECT_EQ(sink_->stored().size(), static_cast<size_t>(published));
  EXPECT_TRUE(sink_->quarantined().empty());
}

}  // namespace
}  // namespace sluice
