#include "log/log_metrics.h"

#include <optional>
#include <utility>

namespace sluice {

std::vector<prometheus::MetricFamily> LogMetrics::Collect() const {
  struct Gauge {
    const char* name;
    const char* help;
    std::optional<int64_t> PartitionUsage::*value;
  };
  static constexpr Gauge kGauges[] = {
      {"sluice_log_segments", "Segment files of the partition.", &PartitionUsage::segments},
      {"sluice_log_size_bytes", "Bytes of whole batches in the partition's segments.",
       &PartitionUsage::size_bytes},
      {"sluice_log_end_offset",
       "The partition's end offset: the offset its next committed record will get.",
       &PartitionUsage::end_offset},
  };
  const std::vector<PartitionUsage> usage = log_->partition_usage();
  std::vector<prometheus::MetricFamily> out;
  for (const Gauge& gauge : kGauges) {
    prometheus::MetricFamily family;
    family.name = gauge.name;
    family.help = gauge.help;
    family.type = prometheus::MetricType::Gauge;
    for (const PartitionUsage& u : usage) {
      const std::optional<int64_t>& value = u.*gauge.value;
      if (!value) continue;
      prometheus::ClientMetric m;
      m.label = {{"partition", std::to_string(u.partition)}, {"pipeline", pipeline_}};
      m.gauge.value = static_cast<double>(*value);
      family.metric.push_back(std::move(m));
    }
    if (!family.metric.empty()) out.push_back(std::move(family));
  }
  return out;
}

}  // namespace sluice
