// The ingest loop: runs on a start-to-start interval, once, held by backpressure, stopped by
// the flag; its probe counts runs, records, retries and records rejected early.
#include "ingest/ingest_loop.h"

#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "core/config.h"
#include "ingest/probe.h"
#include "metric_value.h"

namespace sluice {
namespace {

// Each run: one page of two records with one line rejected early, then an empty page.
class PageSource : public Source {
 public:
  Status seek(std::string_view /*cursor*/) override {
    page_done_ = false;
    return {};
  }
  Result<SourceBatch> next() override {
    ++stats_.requests;
    if (fail_) return Status::unavailable("planted failure");
    SourceBatch b;
    b.source_id = "test";
    if (!page_done_) {
      b.records = {R"({"u": "a"})", R"({"u": "b"})"};
      b.rejected = {"line 3: not JSON"};
      b.cursor_after = "page=" + std::to_string(++pages_);
      page_done_ = true;
    }
    return b;
  }
  int max_batches_per_run() const override { return 5; }
  SourceStats stats() const override { return stats_; }

  bool fail_ = false;

 private:
  bool page_done_ = false;
  int pages_ = 0;
  SourceStats stats_;
};

using testing::metric_value;

class IngestLoopTest : public ::testing::Test {
 protected:
  IngestLoopTest()
      : schema_({{"u", FieldType::kText}}, "u"),
        mapper_(compile_mapper()),
        ingestor_(&source_, &mapper_, nullptr),  // no log: a dry run, nothing published
        probe_(registry_, "demo") {}

  Mapper compile_mapper() {
    FieldConfig f;
    f.name = "u";
    f.from = "u";
    auto m = Mapper::compile({f}, schema_);
    EXPECT_TRUE(m.ok()) << m.status().to_string();
    return std::move(m).value();
  }

  Schema schema_;
  PageSource source_;
  Mapper mapper_;
  Ingestor ingestor_;
  prometheus::Registry registry_;
  IngestProbe probe_;
  std::atomic<bool> stop_{false};
};

TEST_F(IngestLoopTest, OnceRunsOnceAndCountsWhatTheRunSaw) {
  int batches = 0;
  std::vector<bool> results;
  IngestLoopOptions options{.interval_ms = 60000, .once = true};
  options.on_batch = [&](const SourceBatch&) { ++batches; };
  options.on_run = [&](const Result<IngestSummary>& run) { results.push_back(run.ok()); };
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(run_ingest_loop(ingestor_, probe_, options, stop_), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));  // no wait
  EXPECT_EQ(results, std::vector<bool>{true});
  EXPECT_EQ(batches, 1);
  EXPECT_EQ(probe_.runs.load(), 1);
  EXPECT_EQ(probe_.fetched.load(), 2);
  EXPECT_EQ(probe_.rejected_early.load(), 1);
  EXPECT_EQ(probe_.cursor(), "page=1");
  EXPECT_EQ(metric_value(registry_, "sluice_ingest_rejected_total"), 1);
  EXPECT_EQ(metric_value(registry_, "sluice_ingest_runs_total", "result", "ok"), 1);
  EXPECT_EQ(metric_value(registry_, "sluice_ingest_runs_total", "result", "failed"), 0);
}

TEST_F(IngestLoopTest, RunsStartToStartUntilStopped) {
  std::vector<std::chrono::steady_clock::time_point> starts;
  IngestLoopOptions options{.interval_ms = 50};
  options.on_run = [&](const Result<IngestSummary>&) {
    starts.push_back(std::chrono::steady_clock::now());
    if (starts.size() == 3) stop_ = true;
  };
  EXPECT_EQ(run_ingest_loop(ingestor_, probe_, options, stop_), 0);
  ASSERT_EQ(starts.size(), 3u);
  EXPECT_GE(starts[2] - starts[0], std::chrono::milliseconds(90));
  EXPECT_EQ(probe_.runs.load(), 3);
  EXPECT_EQ(probe_.rejected_early.load(), 3);
  EXPECT_EQ(metric_value(registry_, "sluice_ingest_rejected_total"), 3);
}

TEST_F(IngestLoopTest, HoldKeepsRunsFromStarting) {
  int asked = 0;
  IngestLoopOptions options{.interval_ms = 10};
  options.hold = [&] {
    if (++asked == 3) stop_ = true;  // stopped while still held
    return true;
  };
  EXPECT_EQ(run_ingest_loop(ingestor_, probe_, options, stop_), 0);
  EXPECT_EQ(asked, 3);
  EXPECT_EQ(probe_.runs.load(), 0);
}

TEST_F(IngestLoopTest, AFailedRunIsCountedAndTheLoopGoesOn) {
  source_.fail_ = true;
  int runs = 0;
  IngestLoopOptions options{.interval_ms = 1};
  options.on_run = [&](const Result<IngestSummary>& run) {
    EXPECT_FALSE(run.ok());
    if (++runs == 2) stop_ = true;
  };
  EXPECT_EQ(run_ingest_loop(ingestor_, probe_, options, stop_), 2);
  EXPECT_EQ(probe_.failed_runs.load(), 2);
  EXPECT_NE(probe_.last_error().find("planted failure"), std::string::npos);
  EXPECT_EQ(metric_value(registry_, "sluice_ingest_runs_total", "result", "failed"), 2);
}

}  // namespace
}  // namespace sluice
