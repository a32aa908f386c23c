// Retries of a failed task attempt (docs/workflows.md, "Retries"). Pure arithmetic: the
// scheduler asks, with its own clock, when the next attempt may start.
#pragma once

#include <chrono>

#include "schedule/workflow.h"

namespace sluice {

// The cap on exponential backoff when the task sets no max_retry_delay (Airflow's too).
inline constexpr std::chrono::milliseconds kDefaultMaxRetryDelay = std::chrono::hours{24};

// Whether a task whose attempt number `attempt` (1 = the first) just failed gets another one:
// `retries` counts the attempts after the first.
bool may_retry(const TaskSpec& task, int attempt);

// How long after attempt number `attempt` (>= 1) failed the next one starts: retry_delay, or
// with retry_exponential_backoff retry_delay * 2^(attempt-1); never more than max_retry_delay
// (with backoff and no max_retry_delay, kDefaultMaxRetryDelay).
std::chrono::milliseconds retry_delay(const TaskSpec& task, int attempt);

}  // namespace sluice
