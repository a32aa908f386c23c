#include "serve/rate_limiter.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <utility>

namespace sluice {

RateLimiter::RateLimiter(double per_second, double burst, Clock clock)
    : per_second_(per_second), burst_(std::max(burst, 1.0)), clock_(std::move(clock)) {
  if (!clock_) {
    clock_ = [] {
      return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
          .count();
    };
  }
}

int RateLimiter::admit(const std::string& client) {
  if (per_second_ <= 0) return 0;
  const double now = clock_();
  const std::lock_guard<std::mutex> lock(mu_);
  auto it = buckets_.find(client);
  if (it == buckets_.end()) {
    if (buckets_.size() >= kMaxClients) forget_idle_clients(now);
    it = buckets_.emplace(client, Bucket{burst_, now}).first;
  }
  Bucket& b = it->second;
  b.tokens = std::min(burst_, b.tokens + (now - b.updated) * per_second_);
  b.updated = now;
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / per_second_)));
}

void RateLimiter::forget_idle_clients(double now) {
  std::erase_if(buckets_, [&](const auto& entry) {
    return entry.second.tokens + (now - entry.second.updated) * per_second_ >= burst_;
  });
  // Every client busy: start over rather than grow (each gets a full bucket again).
  if (buckets_.size() >= kMaxClients) buckets_.clear();
}

}  // namespace sluice
