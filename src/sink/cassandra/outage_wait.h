// OutageWait: how the Cassandra sink waits out an outage instead of failing the pipeline.
// A statement that fails because no node can take it for now (kUnavailable: no node answers,
// Unavailable, Overloaded; kTimeout: the coordinator or the client timed out) after the
// session's own retries is tried again, with backoff doubling from 200 ms to 5 s, for as long
// as it takes: the group stays pending, the processor stops taking more once max_in_flight
// groups are, and offsets do not move. Meanwhile unreachable() says why (for /readyz, via the
// processor). Any other error (a bad value, a missing table) is returned at once. close() ends
// every wait, returning the last error, so that a sink being destroyed does not hang.
//
// Every write of the sink is idempotent (an upsert or a delete by key or position, with a
// client timestamp fixed at submission), so running one again after an unknown outcome is
// harmless. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>

#include "core/status.h"
#include "cql/result.h"

namespace sluice::cassandra {

class OutageWait {
 public:
  using Attempt = std::function<Result<cql::QueryResult>()>;

  explicit OutageWait(std::chrono::milliseconds first_backoff = std::chrono::milliseconds(200),
                      std::chrono::milliseconds max_backoff = std::chrono::milliseconds(5000))
      : first_backoff_(first_backoff), max_backoff_(max_backoff) {}

  // Runs `attempt` until it succeeds, fails for good, or close() is called. `on_error` sees
  // every failure (for counters).
  Result<cql::QueryResult> run(const Attempt& attempt,
                               const std::function<void(const Status&)>& on_error);

  // Why the last attempt failed for now, or "" once one succeeded since.
  std::string unreachable() const;
  void close();

  static bool transient(const Status& status) {
    return status.code() == StatusCode::kUnavailable || status.code() == StatusCode::kTimeout;
  }

 private:
  const std::chrono::milliseconds first_backoff_;
  const std::chrono::milliseconds max_backoff_;
  std::atomic<bool> waiting_{false};  // fast path: no lock while all is well
  std::atomic<bool> closed_{false};
  mutable std::mutex mu_;  // guards why_; with cv_, the backoff sleeps
  std::condition_variable cv_;
  std::string why_;
};

}  // namespace sluice::cassandra
