// ProcessMetrics: the process metrics every Prometheus client library exports, so that the
// usual dashboards and alerts (memory, CPU, file descriptors, restarts) work on every sluice
// role without an exporter beside it, and sluice_build_info saying which build answers:
//   process_cpu_seconds_total       user + system CPU time
//   process_resident_memory_bytes   RSS
//   process_virtual_memory_bytes    virtual memory size
//   process_open_fds                descriptors open now
//   process_max_fds                 the soft limit on them
//   process_start_time_seconds      when the process started, Unix seconds
//   sluice_build_info{version, compiler}  always 1
// Read from /proc/self at each scrape (a few small files), so the values are never stale; a
// file that cannot be read leaves its metric out rather than reporting a wrong 0.
// Thread-safe: Collect() keeps no state between calls.
#pragma once

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <optional>
#include <vector>

namespace sluice {

struct ProcessStats {
  std::optional<double> cpu_seconds;
  std::optional<double> resident_bytes;
  std::optional<double> virtual_bytes;
  std::optional<double> open_fds;
  std::optional<double> max_fds;
  std::optional<double> start_time_seconds;
};

// The values for this process now, from /proc/self.
ProcessStats read_process_stats();

class ProcessMetrics final : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override;
};

}  // namespace sluice
