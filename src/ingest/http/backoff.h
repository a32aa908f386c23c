// Backoff: how long to wait before retry number `attempt` (1 = the first retry): exponential
// from initial_backoff_ms, capped at max_backoff_ms, spread by +-jitter so that many clients
// that failed together do not retry together. A server's Retry-After wins when it is longer.
#pragma once

#include <cstdint>
#include <random>

#include "core/config.h"

namespace sluice {

class Backoff {
 public:
  Backoff(const RetryConfig& config, uint64_t seed) : config_(config), rng_(seed) {}
  int delay_ms(int attempt, int retry_after_ms = 0);

 private:
  RetryConfig config_;
  std::mt19937_64 rng_;
};

}  // namespace sluice
