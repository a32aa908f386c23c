#include "serve/data_dir_metrics.h"

#include <sys/statvfs.h>

#include <utility>

namespace sluice {

std::optional<DiskSpace> read_disk_space(const std::string& path) {
  struct statvfs fs {};
  if (::statvfs(path.c_str(), &fs) != 0) return std::nullopt;
  const auto block = static_cast<double>(fs.f_frsize);
  // f_bavail, not f_bfree: the blocks reserved for root are of no use to sluice.
  return DiskSpace{static_cast<double>(fs.f_bavail) * block,
                   static_cast<double>(fs.f_blocks) * block};
}

std::vector<prometheus::MetricFamily> DataDirMetrics::Collect() const {
  const std::optional<DiskSpace> space = read_disk_space(data_dir_);
  if (!space) return {};
  auto gauge = [&](const char* name, const char* help, double value) {
    prometheus::MetricFamily f;
    f.name = name;
    f.help = help;
    f.type = prometheus::MetricType::Gauge;
    prometheus::ClientMetric m;
    m.label = {{"pipeline", pipeline_}};
    m.gauge.value = value;
    f.metric.push_back(std::move(m));
    return f;
  };
  return {gauge("sluice_data_dir_available_bytes",
                "Bytes still available to sluice on the filesystem of the data_dir.",
                space->available_bytes),
          gauge("sluice_data_dir_size_bytes", "Total size of the filesystem of the data_dir.",
                space->size_bytes)};
}

}  // namespace sluice
