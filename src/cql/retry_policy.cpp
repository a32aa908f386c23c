#include "cql/retry_policy.h"

#include <algorithm>

namespace sluice::cql {

bool should_retry(const RetryPolicy& policy, bool idempotent, const AttemptFailure& f,
                  int attempt) {
  if (!idempotent || attempt >= policy.max_retries) return false;
  if (f.server_error) return f.server_error->retryable();
  return f.connection_lost;
}

std::chrono::milliseconds backoff_delay(std::chrono::milliseconds base,
                                        std::chrono::milliseconds max, int attempt,
                                        uint64_t random) {
  int64_t delay = std::max<int64_t>(base.count(), 1);
  for (int i = 1; i < attempt && delay < max.count(); ++i)
    delay *= 2;
  delay = std::min<int64_t>(delay, max.count());
  int64_t half = delay / 2;
  return std::chrono::milliseconds(
      half + static_cast<int64_t>(random % static_cast<uint64_t>(delay - half + 1)));
}

}  // namespace sluice::cql
