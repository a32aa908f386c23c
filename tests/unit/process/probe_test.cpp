// ProcessProbe's timing (the span a run's records took, as the process summary reports it), what
// it keeps per partition for the dashboard, and its histogram of records per sink transaction.
#include "process/probe.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <map>
#include <thread>

namespace sluice {
namespace {

TEST(ProcessProbe, ReadingSpanEndsAtTheLastStoredBatchNotAtTheEnd) {
  prometheus::Registry registry;
  ProcessProbe probe(registry, "p", {"r"}, 1);
  EXPECT_EQ(probe.seconds_reading(), 0) << "nothing read yet";
  probe.records_polled();
  EXPECT_EQ(probe.seconds_reading(), 0) << "nothing stored yet";
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  probe.batch_done(10, 9, 1, 0.001);
  const double reading = probe.seconds_reading();
  EXPECT_GE(reading, 0.019);
  // Waiting after the last batch (what --until-idle does to be sure it caught up) counts in
  // the span to the end only.
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT_EQ(probe.seconds_reading(), reading);
  EXPECT_GE(probe.seconds_since_first_poll(), reading + 0.029);
  EXPECT_EQ(probe.records.load(), 10);
}

TEST(ProcessProbe, PartitionViewsJoinPositionLagAndCommittedOffsets) {
  prometheus::Registry registry;
  ProcessProbe probe(registry, "p", {"r"}, 3);
  auto views = probe.partitions();
  ASSERT_EQ(views.size(), 3U);
  EXPECT_EQ(views[2].partition, 2);
  EXPECT_EQ(views[0].end_offset(), -1) << "nothing read: the end is not known";
  EXPECT_EQ(views[0].committed, -1);

  probe.set_assigned({0, 2}, true);
  probe.set_position(0, 100);
  probe.set_lag(0, 25);
  probe.set_lag(2, 5);
  probe.set_committed({{0, 90}});
  probe.set_position(7, 1);  // not a partition of this log: ignored
  views = probe.partitions();
  EXPECT_TRUE(views[0].assigned);
  EXPECT_FALSE(views[1].assigned);
  EXPECT_EQ(views[0].end_offset(), 125);
  EXPECT_EQ(views[0].committed, 90);
  EXPECT_EQ(probe.lag.load(), 30);
  EXPECT_EQ(probe.assigned(), (std::vector<int>{0, 2}));
  probe.set_assigned({0}, false);
  EXPECT_EQ(probe.assigned(), (std::vector<int>{2}));
}

TEST(ProcessProbe, LatencyBucketsAreCumulativeAndEndAtInfinity) {
  prometheus::Registry registry;
  ProcessProbe probe(registry, "p", {"r"}, 1);
  probe.observe_latency(0.004);
  probe.observe_latency(0.004);
  probe.observe_latency(50);
  const auto buckets = probe.latency_histogram();
  ASSERT_GE(buckets.size(), 2U);
  EXPECT_TRUE(std::isinf(buckets.back().first));
  EXPECT_EQ(buckets.back().second, 3U);
  for (size_t i = 1; i < buckets.size(); ++i) {
    EXPECT_GE(buckets[i].second, buckets[i - 1].second);
    EXPECT_GT(buckets[i].first, buckets[i - 1].first);
  }
  EXPECT_EQ(buckets.front().second, 0U) << "0.004 s is above the first bound";
}

TEST(ProcessProbe, EachTransactionsRecordsLandInTheirBucket) {
  prometheus::Registry registry;
  ProcessProbe probe(registry, "p", {"r"}, 1);
  probe.batch_done(1, 1, 0, 0.001);
  probe.batch_done(2000, 1990, 10, 0.01);
  probe.batch_done(3000, 3000, 0, 0.01);
  const prometheus::ClientMetric::Histogram* h = nullptr;
  auto families = registry.Collect();
  for (const auto& f : families) {
    if (f.name == "sluice_process_batch_records") h = &f.metric.at(0).histogram;
  }
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->sample_count, 3U);
  EXPECT_EQ(h->sample_sum, 5001);
  std::map<double, uint64_t> cumulative;
  for (const auto& b : h->bucket)
    cumulative[b.upper_bound] = b.cumulative_count;
  EXPECT_EQ(cumulative.at(1), 1U);
  EXPECT_EQ(cumulative.at(1000), 1U);
  EXPECT_EQ(cumulative.at(2000), 2U) << "2000 is in the le=2000 bucket";
  EXPECT_EQ(cumulative.at(4000), 3U);
}

}  // namespace
}  // namespace sluice
