// SinkMetrics turns a sink's counters into /metrics series, and nothing for a sink without any.
#include "process/sink_metrics.h"

#include <gtest/gtest.h>
#include <prometheus/text_serializer.h>

#include <optional>
#include <string>

#include "sink/memory/memory_sink.h"

namespace sluice {
namespace {

// A sink that reports fixed counters; the rest of the interface is never called here.
class CountingSink final : public Sink {
 public:
  Status open() override { return Status::ok_status(); }
  int max_in_flight() const override { return 1; }
  Status submit(SinkGroup, SinkCompletion) override { return Status::internal("unused"); }
  void drain() override {}
  Result<std::unordered_map<std::string, LogPosition>> key_owners(
      const std::vector<std::string_view>&) override {
    return std::unordered_map<std::string, LogPosition>{};
  }
  std::optional<SinkCounters> counters() const override { return counters_; }
  SinkCounters counters_;
};

std::string text_of(const SinkMetrics& m) {
  return prometheus::TextSerializer().Serialize(m.Collect());
}

TEST(SinkMetrics, EveryCounterBecomesASeriesLabelledWithPipelineAndSink) {
  CountingSink sink;
  sink.counters_.writes = 120;
  sink.counters_.reads = 7;
  sink.counters_.retries = 3;
  sink.counters_.reconnects = 1;
  sink.counters_.errors = {{"timeout", 2}, {"unavailable", 0}};
  const std::string text = text_of(SinkMetrics(&sink, "users", "cassandra"));
  for (const char* line : {
           R"(sluice_sink_writes_total{pipeline="users",sink="cassandra"} 120)",
           R"(sluice_sink_reads_total{pipeline="users",sink="cassandra"} 7)",
           R"(sluice_sink_retries_total{pipeline="users",sink="cassandra"} 3)",
           R"(sluice_sink_reconnects_total{pipeline="users",sink="cassandra"} 1)",
           R"(sluice_sink_errors_total{pipeline="users",sink="cassandra",kind="timeout"} 2)",
           R"(sluice_sink_errors_total{pipeline="users",sink="cassandra",kind="unavailable"} 0)",
       }) {
    EXPECT_NE(text.find(line), std::string::npos) << line << " missing from\n" << text;
  }
  // Read at each scrape, not at construction.
  sink.counters_.writes = 121;
  EXPECT_NE(text_of(SinkMetrics(&sink, "users", "cassandra")).find("} 121"), std::string::npos);
}

TEST(SinkMetrics, RequestsByHostBecomeAHistogramAndFailures) {
  CountingSink sink;
  SinkCounters::HostRequests& node = sink.counters_.hosts["10.0.0.7:9042"];
  node.bounds = {0.01, 0.1};
  node.counts = {4, 1, 2};  // two above every bound
  node.seconds_sum = 3.5;
  node.failures = 2;
  const std::string text = text_of(SinkMetrics(&sink, "users", "cassandra"));
  const std::string host = R"(pipeline="users",sink="cassandra",host="10.0.0.7:9042")";
  for (const std::string& line : {
           "sluice_sink_request_duration_seconds_bucket{" + host + R"(,le="0.01"} 4)",
           "sluice_sink_request_duration_seconds_bucket{" + host + R"(,le="0.1"} 5)",
           "sluice_sink_request_duration_seconds_bucket{" + host + R"(,le="+Inf"} 7)",
           "sluice_sink_request_duration_seconds_count{" + host + "} 7",
           "sluice_sink_request_duration_seconds_sum{" + host + "} 3.5",
           "sluice_sink_request_failures_total{" + host + "} 2",
       }) {
    EXPECT_NE(text.find(line), std::string::npos) << line << " missing from\n" << text;
  }
}

TEST(SinkMetrics, NoHostsNoHostSeries) {
  CountingSink sink;
  EXPECT_EQ(text_of(SinkMetrics(&sink, "users", "cassandra")).find("request_duration"),
            std::string::npos);
}

TEST(SinkMetrics, ASinkWithoutCountersExportsNothing) {
  Schema schema{{{"username", FieldType::kText}}, "username"};
  MemorySink memory(schema);
  EXPECT_TRUE(SinkMetrics(&memory, "users", "sqlite").Collect().empty());
}

}  // namespace
}  // namespace sluice
