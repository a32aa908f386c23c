#include "ingest/probe.h"

#include <charconv>
#include <optional>

namespace sluice {
namespace {

// A run fetches up to pages_per_run pages (or a file batch) and waits for the log's fsyncs:
// milliseconds on a quiet local pipeline, minutes against a slow API with retries.
prometheus::Histogram::BucketBoundaries run_buckets() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600};
}

// The position in a cursor: the number after its last '=' ("page=7" -> 7, "offset=1024" ->
// 1024), or nullopt for a cursor without one ("" before any run, a source without a seed).
std::optional<double> cursor_position(std::string_view cursor) {
  const size_t eq = cursor.rfind('=');
  if (eq == std::string_view::npos) return std::nullopt;
  int64_t value = 0;
  const char* end = cursor.data() + cursor.size();
  auto [ptr, ec] = std::from_chars(cursor.data() + eq + 1, end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return static_cast<double>(value);
}

}  // namespace

IngestProbe::IngestProbe(prometheus::Registry& registry, const std::string& pipeline) {
  const prometheus::Labels base{{"pipeline", pipeline}, {"stage", "ingest"}};
  auto& runs = prometheus::BuildCounter()
                   .Name("sluice_ingest_runs_total")
                   .Help("Ingest runs by result")
                   .Register(registry);
  ok_runs_total_ = &runs.Add({{"pipeline", pipeline}, {"result", "ok"}});
  failed_runs_total_ = &runs.Add({{"pipeline", pipeline}, {"result", "failed"}});
  records_total_ = &prometheus::BuildCounter()
                        .Name("sluice_ingest_records_total")
                        .Help("Records published to the log by ingest")
                        .Register(registry)
                        .Add(base);
  retries_total_ = &prometheus::BuildCounter()
                        .Name("sluice_ingest_retries_total")
                        .Help("Source requests retried after a failure")
                        .Register(registry)
                        .Add(base);
  rejected_total_ = &prometheus::BuildCounter()
                         .Name("sluice_ingest_rejected_total")
                         .Help(
                             "Records the source rejected before publishing (e.g. a file line "
                             "that is not JSON); each is also logged with why")
                         .Register(registry)
                         .Add(base);
  base_labels_ = base;
  requests_total_ = &prometheus::BuildCounter()
                         .Name("sluice_ingest_requests_total")
                         .Help(
                             "Responses the source received, by HTTP status code (\"error\": "
                             "no response: refused, timed out, reset)")
                         .Register(registry);
  fetched_bytes_total_ = &prometheus::BuildCounter()
                              .Name("sluice_ingest_fetched_bytes_total")
                              .Help("Bytes received from the source (response bodies, file bytes)")
                              .Register(registry)
                              .Add(base);
  run_seconds_ = &prometheus::BuildHistogram()
                      .Name("sluice_ingest_run_duration_seconds")
                      .Help("Time one extraction run took, from its start to its last publish")
                      .Register(registry)
                      .Add(base, run_buckets());
  cursor_gauge_ = &prometheus::BuildGauge()
                       .Name("sluice_ingest_cursor")
                       .Help(
                           "Position of the source cursor after the last run that succeeded "
                           "(the next page, or the next byte of a file)")
                       .Register(registry)
                       .Add(base);
}

void IngestProbe::fetch_done(std::string_view status, int64_t bytes) {
  if (!status.empty()) {
    // Add() finds the series when it exists: one map lookup per response, not per record.
    auto labels = base_labels_;
    labels.emplace("status", std::string(status));
    requests_total_->Add(labels).Increment();
  }
  fetched_bytes_total_->Increment(static_cast<double>(bytes));
}

void IngestProbe::batch_fetched(const SourceBatch& batch) {
  fetched += static_cast<int64_t>(batch.records.size());
}

void IngestProbe::run_done(const Result<IngestSummary>& run, double seconds) {
  ++runs;
  run_seconds_->Observe(seconds);
  if (!run.ok()) {
    ++failed_runs;
    failed_runs_total_->Increment();
    std::lock_guard lock(mutex_);
    last_error_ = run.status().to_string();
    return;
  }
  published += run->published;
  retries += run->retries;
  rejected_early += run->rejected_early;
  ok_runs_total_->Increment();
  records_total_->Increment(static_cast<double>(run->published));
  retries_total_->Increment(static_cast<double>(run->retries));
  rejected_total_->Increment(static_cast<double>(run->rejected_early));
  if (auto position = cursor_position(run->cursor_after)) cursor_gauge_->Set(*position);
  std::lock_guard lock(mutex_);
  cursor_ = run->cursor_after;
}

std::string IngestProbe::cursor() const {
  std::lock_guard lock(mutex_);
  return cursor_;
}

std::string IngestProbe::last_error() const {
  std::lock_guard lock(mutex_);
  return last_error_;
}

}  // namespace sluice
