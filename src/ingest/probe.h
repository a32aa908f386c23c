// IngestProbe: the ingest stage's metrics (one place per module, like process/probe.h).
// Counters are registered in the registry the host passes in and exported at /metrics; the
// plain atomics beside them feed progress lines, /api/v1/status and tests without parsing
// metric text. Besides runs, records, retries and early rejections (docs/operations.md):
//   sluice_ingest_requests_total{status}      source responses by HTTP status ("error": none)
//   sluice_ingest_fetched_bytes_total         bytes received from the source (bodies, file)
//   sluice_ingest_run_duration_seconds        one extraction run, start to end (histogram)
//   sluice_ingest_cursor                      the number in the cursor after the last good run
// Thread-safe: batches and responses are counted on the fetching thread, runs on the loop's.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "core/status.h"
#include "ingest/ingest_run.h"
#include "ingest/source.h"

namespace sluice {

class IngestProbe {
 public:
  IngestProbe(prometheus::Registry& registry, const std::string& pipeline);

  // A batch came from the source (counted per batch, so progress moves during a long run).
  void batch_fetched(const SourceBatch& batch);
  // The source received a response (Source::FetchObserver): counted by status unless the
  // status is "" (a file read), and its bytes.
  void fetch_done(std::string_view status, int64_t bytes);
  // A run ended after `seconds`: `ok` with what it published, retried and rejected early, or
  // failed.
  void run_done(const Result<IngestSummary>& run, double seconds);

  // The cursor after the last run that succeeded ("" before any).
  std::string cursor() const;
  // Why the last failed run failed ("" when none has).
  std::string last_error() const;

  std::atomic<int64_t> fetched{0};         // records received from the source
  std::atomic<int64_t> published{0};       // records acknowledged by the log
  std::atomic<int64_t> rejected_early{0};  // records the source itself refused
  std::atomic<int64_t> retries{0};         // source requests retried
  std::atomic<int64_t> runs{0};
  std::atomic<int64_t> failed_runs{0};

 private:
  prometheus::Counter* ok_runs_total_;
  prometheus::Counter* failed_runs_total_;
  prometheus::Counter* records_total_;
  prometheus::Counter* retries_total_;
  prometheus::Counter* rejected_total_;
  prometheus::Family<prometheus::Counter>* requests_total_;
  prometheus::Labels base_labels_;
  prometheus::Counter* fetched_bytes_total_;
  prometheus::Histogram* run_seconds_;
  prometheus::Gauge* cursor_gauge_;
  mutable std::mutex mutex_;  // guards the strings below
  std::string cursor_;
  std::string last_error_;
};

}  // namespace sluice
