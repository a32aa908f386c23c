#include "cql/host_stats.h"

#include <algorithm>

namespace sluice::cql {

void HostStats::record(const std::string& host, double seconds, bool ok) {
  const auto bucket = static_cast<size_t>(
      std::lower_bound(kRequestSecondsBounds.begin(), kRequestSecondsBounds.end(), seconds) -
      kRequestSecondsBounds.begin());
  std::lock_guard<std::mutex> lock(mu_);
  HostRequestStats& h = hosts_[host];
  h.requests++;
  if (!ok) h.failures++;
  h.seconds_sum += seconds;
  h.buckets[bucket]++;
}

std::map<std::string, HostRequestStats> HostStats::snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return hosts_;
}

}  // namespace sluice::cql
