// When the session sends a statement again, and how long it waits first. Retries happen only
// for statements the caller marked idempotent (sending one twice must be harmless), and only
// after Overloaded, Unavailable, Read_timeout or Write_timeout from the server, or the loss of
// the connection it was sent on. A client-side timeout is not retried: the statement may still
// be running, and the caller decides. Delays grow exponentially with jitter, capped.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "core/status.h"
#include "cql/server_error.h"

namespace sluice::cql {

struct RetryPolicy {
  int max_retries = 3;  // sends after the first one
  std::chrono::milliseconds base_delay{100};
  std::chrono::milliseconds max_delay{2000};
};

// How an attempt failed: a server ERROR (typed), the loss of the connection (the statement
// may or may not have run), or anything else (a bad value, a client-side timeout).
struct AttemptFailure {
  Status status;
  std::optional<ServerError> server_error;
  bool connection_lost = false;
};

// Whether attempt number `attempt` (0 for the first send) may be followed by another.
bool should_retry(const RetryPolicy& policy, bool idempotent, const AttemptFailure& f, int attempt);

// The pause before retry `attempt` (1 for the first retry): base * 2^(attempt-1), capped at
// max_delay, then scaled into [1/2, 1] of that by `random` (any 64-bit value).
std::chrono::milliseconds backoff_delay(std::chrono::milliseconds base,
                                        std::chrono::milliseconds max, int attempt,
                                        uint64_t random);

}  // namespace sluice::cql
