// RateLimiter: a token bucket per client address for /api/ (serve.rate_limit_per_s,
// serve.rate_limit_burst). Each client may send `burst` requests at once and `per_second` on
// average; a request over that is refused with the seconds after which one more is allowed
// (the 429's Retry-After). Thread-safe: the HTTP server's workers call admit() at once.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace sluice {

class RateLimiter {
 public:
  using Clock = std::function<double()>;  // seconds, monotonic

  // A `per_second` of 0 turns the limit off. `clock` defaults to steady_clock.
  RateLimiter(double per_second, double burst, Clock clock = {});

  // 0 when the request may go ahead (and is counted), else whole seconds to wait (>= 1).
  int admit(const std::string& client);

  // Buckets kept at most; beyond, the full ones (idle clients) are forgotten, so that many
  // addresses cannot grow the map without bound.
  static constexpr size_t kMaxClients = 10000;

 private:
  struct Bucket {
    double tokens;
    double updated;  // clock reading of the last refill
  };
  void forget_idle_clients(double now);

  const double per_second_;
  const double burst_;
  Clock clock_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace sluice
