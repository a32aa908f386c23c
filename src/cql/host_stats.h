// Per-node request figures of a Session: how many requests each Cassandra node got, how many
// failed, and how long they took (a histogram with fixed bounds), so that a slow or failing node
// shows by name on /metrics (sluice_sink_request_duration_seconds{host}).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace sluice::cql {

// Upper bounds in seconds of the duration buckets; a last bucket (+Inf) follows.
inline constexpr std::array<double, 14> kRequestSecondsBounds = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

struct HostRequestStats {
  uint64_t requests = 0;
  uint64_t failures = 0;  // requests that got no result (a server error, a timeout, a lost link)
  double seconds_sum = 0;
  // Requests per bucket (not cumulative), the last one above every bound.
  std::array<uint64_t, kRequestSecondsBounds.size() + 1> buckets{};
};

class HostStats {
 public:
  // One request to `host` ("address:port") that took `seconds`. Thread-safe.
  void record(const std::string& host, double seconds, bool ok);
  std::map<std::string, HostRequestStats> snapshot() const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, HostRequestStats> hosts_;
};

}  // namespace sluice::cql
