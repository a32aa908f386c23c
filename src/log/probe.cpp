#include "log/probe.h"

namespace sluice {
namespace {

// fdatasync on a local SSD takes tens of microseconds to a few milliseconds; a slow or busy
// disk (or a VM's shared one) stretches that to hundreds: fine buckets low, coarse high.
prometheus::Histogram::BucketBoundaries fsync_buckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
}

}  // namespace

LogProbe::LogProbe(prometheus::Registry& registry, const std::string& pipeline) {
  const prometheus::Labels labels{{"pipeline", pipeline}};
  appends_total_ = &prometheus::BuildCounter()
                        .Name("sluice_log_appends_total")
                        .Help("Transactions (published batches) the log acknowledged as durable")
                        .Register(registry)
                        .Add(labels);
  appended_bytes_total_ = &prometheus::BuildCounter()
                               .Name("sluice_log_appended_bytes_total")
                               .Help("Bytes of record keys and values the log acknowledged")
                               .Register(registry)
                               .Add(labels);
  fsync_seconds_ = &prometheus::BuildHistogram()
                        .Name("sluice_log_fsync_duration_seconds")
                        .Help(
                            "Time one flush of the embedded log spent in fsync (the dirty "
                            "partitions' data, then the commit file)")
                        .Register(registry)
                        .Add(labels, fsync_buckets());
}

void LogProbe::appended(const std::vector<LogRecord>& records) {
  size_t bytes = 0;
  for (const LogRecord& r : records)
    bytes += r.key.size() + r.value.size();
  appends_total_->Increment();
  appended_bytes_total_->Increment(static_cast<double>(bytes));
}

}  // namespace sluice
