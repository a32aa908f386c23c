// LogMetrics: each partition's usage on /metrics, read from Log::partition_usage() at each
// scrape (so the append path keeps no gauges up to date):
//   sluice_log_segments{pipeline,partition}     segment files (embedded log)
//   sluice_log_size_bytes{pipeline,partition}   bytes of whole batches in them (embedded log)
//   sluice_log_end_offset{pipeline,partition}   the next committed offset (embedded log)
// A value the log cannot tell (the Kafka log tells none) is left out, not reported as 0.
// Thread-safe as Log::partition_usage() is.
#pragma once

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <string>
#include <vector>

#include "log/log.h"

namespace sluice {

class LogMetrics final : public prometheus::Collectable {
 public:
  // `log` must outlive this object.
  LogMetrics(const Log* log, std::string pipeline) : log_(log), pipeline_(std::move(pipeline)) {}

  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  const Log* log_;
  const std::string pipeline_;
};

}  // namespace sluice
