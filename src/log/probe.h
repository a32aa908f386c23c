// LogProbe: the log's counters on /metrics (one place per module, as ingest/probe.h):
//   sluice_log_appends_total{pipeline}             transactions the log acknowledged (publish())
//   sluice_log_appended_bytes_total{pipeline}      their records' key and value bytes
//   sluice_log_fsync_duration_seconds{pipeline}    embedded log: one durable flush's fsyncs
//                                                  (every dirty partition, then the commit file)
// Updated once per transaction and once per flush, never per record, so the hot path pays a
// few atomic adds. The per-partition gauges are read at scrape time instead (log_metrics.h).
// Thread-safe.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <string>
#include <vector>

#include "log/log.h"

namespace sluice {

class LogProbe {
 public:
  LogProbe(prometheus::Registry& registry, const std::string& pipeline);

  // One transaction of these records is durable (acknowledged to the writer).
  void appended(const std::vector<LogRecord>& records);
  // A flush spent this long in fsync/fdatasync.
  void fsynced(double seconds) { fsync_seconds_->Observe(seconds); }

 private:
  prometheus::Counter* appends_total_;
  prometheus::Counter* appended_bytes_total_;
  prometheus::Histogram* fsync_seconds_;
};

}  // namespace sluice
