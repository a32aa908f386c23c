#include "serve/process_metrics.h"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#ifndef SLUICE_VERSION
#define SLUICE_VERSION "unknown"
#endif

namespace sluice {
namespace {

// Seconds since boot at which the system booted: btime from /proc/stat.
std::optional<double> boot_time_seconds() {
  std::ifstream in("/proc/stat");
  std::string word;
  while (in >> word) {
    if (word == "btime") {
      double btime = 0;
      if (in >> btime) return btime;
      return std::nullopt;
    }
  }
  return std::nullopt;
}

// /proc/self/stat fields after the command name (which may hold spaces and parentheses, so
// parsing starts after its last ')').
void read_stat(ProcessStats* out) {
  std::ifstream in("/proc/self/stat");
  std::string line;
  if (!std::getline(in, line)) return;
  const size_t close = line.rfind(')');
  if (close == std::string::npos) return;
  std::istringstream fields(line.substr(close + 2));
  std::vector<std::string> f;
  for (std::string field; fields >> field;)
    f.push_back(field);
  // f[0] is field 3 (state): utime is field 14, stime 15, starttime 22, vsize 23, rss 24.
  if (f.size() < 22) return;
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
  if (ticks <= 0 || page <= 0) return;
  out->cpu_seconds = (std::stod(f[11]) + std::stod(f[12])) / ticks;
  if (auto boot = boot_time_seconds()) out->start_time_seconds = *boot + std::stod(f[19]) / ticks;
  out->virtual_bytes = std::stod(f[20]);
  out->resident_bytes = std::stod(f[21]) * page;
}

prometheus::MetricFamily family(const char* name, const char* help, prometheus::MetricType type,
                                double value) {
  prometheus::MetricFamily f;
  f.name = name;
  f.help = help;
  f.type = type;
  prometheus::ClientMetric m;
  if (type == prometheus::MetricType::Counter) {
    m.counter.value = value;
  } else {
    m.gauge.value = value;
  }
  f.metric.push_back(m);
  return f;
}

}  // namespace

ProcessStats read_process_stats() {
  ProcessStats s;
  try {
    read_stat(&s);
  } catch (const std::exception&) {  // std::stod on a field the kernel never writes that way
    s = ProcessStats{};
  }
  std::error_code ec;
  double fds = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++fds;
  }
  if (!ec) s.open_fds = fds;
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    s.max_fds = static_cast<double>(limit.rlim_cur);
  }
  return s;
}

std::vector<prometheus::MetricFamily> ProcessMetrics::Collect() const {
  using prometheus::MetricType;
  const ProcessStats s = read_process_stats();
  std::vector<prometheus::MetricFamily> out;
  auto add = [&](const std::optional<double>& v, const char* name, const char* help,
                 MetricType type) {
    if (v) out.push_back(family(name, help, type, *v));
  };
  add(s.cpu_seconds, "process_cpu_seconds_total",
      "CPU time (user + system) this process has used, in seconds.", MetricType::Counter);
  add(s.resident_bytes, "process_resident_memory_bytes",
      "Resident set size of this process, in bytes.", MetricType::Gauge);
  add(s.virtual_bytes, "process_virtual_memory_bytes",
      "Virtual memory size of this process, in bytes.", MetricType::Gauge);
  add(s.open_fds, "process_open_fds", "File descriptors this process has open.", MetricType::Gauge);
  add(s.max_fds, "process_max_fds",
      "The most file descriptors this process may open (its soft limit).", MetricType::Gauge);
  add(s.start_time_seconds, "process_start_time_seconds",
      "When this process started, in seconds since the Unix epoch.", MetricType::Gauge);
  prometheus::MetricFamily build =
      family("sluice_build_info", "The sluice build answering: always 1.", MetricType::Gauge, 1);
  build.metric[0].label = {{"version", SLUICE_VERSION}, {"compiler", __VERSION__}};
  out.push_back(std::move(build));
  return out;
}

}  // namespace sluice
