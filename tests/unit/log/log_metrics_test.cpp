// The log's metrics move when their events happen: a publish counts one append and its bytes,
// a flush under fsync policy batch or interval is timed (never under policy never), and the
// per-partition gauges read at scrape time follow appends and segment rolls.
#include "log/log_metrics.h"

#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <map>
#include <string>

#include "log/probe.h"
#include "log_test_util.h"

namespace sluice {
namespace {

using testing::file_size;
using testing::make_records;
using testing::open_log;
using testing::segment_path;
using testing::TempDir;
using testing::test_config;

struct Counts {
  double appends = -1;
  double bytes = -1;
  double fsyncs = -1;  // histogram samples
};

Counts counts(prometheus::Registry& registry) {
  Counts c;
  for (const auto& f : registry.Collect()) {
    if (f.metric.empty()) continue;
    const auto& m = f.metric.front();
    if (f.name == "sluice_log_appends_total") c.appends = m.counter.value;
    if (f.name == "sluice_log_appended_bytes_total") c.bytes = m.counter.value;
    if (f.name == "sluice_log_fsync_duration_seconds") {
      c.fsyncs = static_cast<double>(m.histogram.sample_count);
    }
  }
  return c;
}

// family name -> partition label -> value, from one scrape.
std::map<std::string, std::map<std::string, double>> scrape(const LogMetrics& metrics) {
  std::map<std::string, std::map<std::string, double>> out;
  for (const auto& f : metrics.Collect()) {
    EXPECT_EQ(f.type, prometheus::MetricType::Gauge) << f.name;
    for (const auto& m : f.metric) {
      std::string partition;
      for (const auto& l : m.label) {
        if (l.name == "partition") partition = l.value;
        if (l.name == "pipeline") {
          EXPECT_EQ(l.value, "demo");
        }
      }
      out[f.name][partition] = m.gauge.value;
    }
  }
  return out;
}

size_t record_bytes(const std::vector<LogRecord>& records) {
  size_t n = 0;
  for (const auto& r : records)
    n += r.key.size() + r.value.size();
  return n;
}

TEST(LogMetrics, APublishCountsOneAppendWithItsBytesAndIsFsynced) {
  TempDir tmp;
  auto log = open_log(test_config(tmp.path(), 2, FsyncPolicy::kBatch));
  ASSERT_TRUE(log);
  prometheus::Registry registry;
  LogProbe probe(registry, "demo");
  log->set_probe(&probe);
  EXPECT_EQ(counts(registry).appends, 0);

  const auto first = make_records("a", 50);
  ASSERT_TRUE(log->publish(first, "page=2").ok());
  Counts c = counts(registry);
  EXPECT_EQ(c.appends, 1) << "one transaction, however many partitions it touched";
  EXPECT_EQ(c.bytes, static_cast<double>(record_bytes(first)));
  EXPECT_EQ(c.fsyncs, 1) << "policy batch: each publish is one durable flush";

  const auto second = make_records("b", 7, 300);
  ASSERT_TRUE(log->publish(second, "page=3").ok());
  c = counts(registry);
  EXPECT_EQ(c.appends, 2);
  EXPECT_EQ(c.bytes, static_cast<double>(record_bytes(first) + record_bytes(second)));
  EXPECT_EQ(c.fsyncs, 2);
}

TEST(LogMetrics, GroupCommitTimesItsFlushesAndPolicyNeverNone) {
  TempDir tmp;
  prometheus::Registry registry;
  LogProbe probe(registry, "demo");
  {
    auto log = open_log(test_config(tmp.path(), 1, FsyncPolicy::kInterval));
    ASSERT_TRUE(log);
    log->set_probe(&probe);
    ASSERT_TRUE(log->publish(make_records("a", 10), "page=2").ok());
    EXPECT_GE(counts(registry).fsyncs, 1) << "acknowledged means flushed";
  }
  const double after_interval = counts(registry).fsyncs;
  auto log = open_log(test_config(tmp.path(), 1, FsyncPolicy::kNever));
  ASSERT_TRUE(log);
  log->set_probe(&probe);
  ASSERT_TRUE(log->publish(make_records("b", 10), "page=3").ok());
  EXPECT_EQ(counts(registry).appends, 2);
  EXPECT_EQ(counts(registry).fsyncs, after_interval) << "policy never never calls fsync";
}

TEST(LogMetrics, AFailedPublishCountsNothing) {
  TempDir tmp;
  auto log = open_log(test_config(tmp.path(), 1));
  ASSERT_TRUE(log);
  prometheus::Registry registry;
  LogProbe probe(registry, "demo");
  log->set_probe(&probe);
  EXPECT_FALSE(log->publish(make_records("a", 1), std::string(1 << 20, 'c')).ok())
      << "a cursor above the limit";
  EXPECT_EQ(counts(registry).appends, 0);
  EXPECT_EQ(counts(registry).bytes, 0);
}

TEST(LogMetrics, PartitionGaugesFollowAppendsAndRolls) {
  TempDir tmp;
  LogConfig config = test_config(tmp.path(), 2);
  config.segment_bytes = 8192;
  auto log = open_log(config);
  ASSERT_TRUE(log);
  LogMetrics metrics(log.get(), "demo");
  auto before = scrape(metrics);
  EXPECT_EQ(before["sluice_log_segments"]["0"], 1) << "an empty partition has its first segment";
  EXPECT_EQ(before["sluice_log_size_bytes"]["1"], 0);
  EXPECT_EQ(before["sluice_log_end_offset"]["1"], 0);

  // Enough for several 8 KiB segments per partition.
  ASSERT_TRUE(log->publish(make_records("a", 100, 200), "page=2").ok());
  ASSERT_TRUE(log->publish(make_records("b", 100, 200), "page=3").ok());
  auto after = scrape(metrics);
  double total_end = 0;
  for (const std::string p : {"0", "1"}) {
    const int64_t end = *log->end_offset(std::stoi(p));
    EXPECT_EQ(after["sluice_log_end_offset"][p], static_cast<double>(end));
    total_end += after["sluice_log_end_offset"][p];
    EXPECT_GT(after["sluice_log_segments"][p], 1) << "partition " << p << " rolled";
    // The first segment is sealed: its bytes on disk are all whole batches.
    EXPECT_GT(after["sluice_log_size_bytes"][p],
              static_cast<double>(file_size(segment_path(config, std::stoi(p)))));
  }
  EXPECT_EQ(total_end, 200);
}

TEST(LogMetrics, ALogWithoutUsageExportsNoGauges) {
  // The base Log tells no usage (the Kafka log's case): no series at all, not zeros.
  class Opaque : public Log {
   public:
    int partition_count() const override { return 3; }
    Result<std::unique_ptr<LogWriter>> open_writer() override {
      return Status::unavailable("none");
    }
    Result<std::string> read_cursor() override { return std::string(); }
    Result<std::unique_ptr<LogConsumer>> open_consumer(const std::string&) override {
      return Status::unavailable("none");
    }
    Result<std::map<int, int64_t>> readable_ends() override { return Status::unavailable("none"); }
    Result<std::map<int, int64_t>> group_offsets(const std::string&) override {
      return Status::unavailable("none");
    }
  } opaque;
  EXPECT_TRUE(LogMetrics(&opaque, "demo").Collect().empty());
}

}  // namespace
}  // namespace sluice
