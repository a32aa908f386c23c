#include "schedule/retry.h"

#include <algorithm>

namespace sluice {

bool may_retry(const TaskSpec& task, int attempt) {
  return attempt >= 1 && attempt <= task.retries;
}

std::chrono::milliseconds retry_delay(const TaskSpec& task, int attempt) {
  std::chrono::milliseconds cap = task.max_retry_delay.value_or(std::chrono::milliseconds::max());
  std::chrono::milliseconds delay = task.retry_delay;
  if (task.retry_exponential_backoff) {
    if (!task.max_retry_delay) cap = kDefaultMaxRetryDelay;
    // Doubling stops at the cap (or at zero), so large attempt numbers cannot overflow.
    for (int i = 1; i < attempt && delay < cap && delay.count() > 0; ++i)
      delay *= 2;
  }
  return std::min(delay, cap);
}

}  // namespace sluice
