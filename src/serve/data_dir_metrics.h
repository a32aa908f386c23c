// DataDirMetrics: the filesystem under the pipeline's data_dir (log segments, SQLite files,
// the scheduler's store), from statvfs(2) at each scrape:
//   sluice_data_dir_available_bytes{pipeline}   bytes an unprivileged writer may still use
//   sluice_data_dir_size_bytes{pipeline}        the filesystem's total size
// So a disk filling up is seen (and alerted on) before the log or the sink fails on it.
// A data_dir that does not exist (yet) or cannot be examined gives no values, rather than a
// wrong 0. Thread-safe: Collect() keeps no state.
#pragma once

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <optional>
#include <string>
#include <vector>

namespace sluice {

struct DiskSpace {
  double available_bytes = 0;
  double size_bytes = 0;
};

// The filesystem holding `path`, or nullopt when statvfs fails (missing, no permission).
std::optional<DiskSpace> read_disk_space(const std::string& path);

class DataDirMetrics final : public prometheus::Collectable {
 public:
  DataDirMetrics(std::string data_dir, std::string pipeline)
      : data_dir_(std::move(data_dir)), pipeline_(std::move(pipeline)) {}

  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  const std::string data_dir_;
  const std::string pipeline_;
};

}  // namespace sluice
