#include "ingest/http/backoff.h"

#include <algorithm>
#include <cmath>

namespace sluice {

int Backoff::delay_ms(int attempt, int retry_after_ms) {
  const double base = static_cast<double>(config_.initial_backoff_ms) *
                      std::pow(2.0, static_cast<double>(std::max(0, attempt - 1)));
  const double capped = std::min(base, static_cast<double>(config_.max_backoff_ms));
  std::uniform_real_distribution<double> spread(1.0 - config_.jitter, 1.0 + config_.jitter);
  const int jittered = static_cast<int>(capped * spread(rng_));
  return std::max(jittered, retry_after_ms);
}

}  // namespace sluice
