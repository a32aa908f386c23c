#include "sink/cassandra/outage_wait.h"

#include <algorithm>

namespace sluice::cassandra {

Result<cql::QueryResult> OutageWait::run(const Attempt& attempt,
                                         const std::function<void(const Status&)>& on_error) {
  auto backoff = first_backoff_;
  while (true) {
    auto result = attempt();
    if (result.ok()) {
      if (waiting_.load(std::memory_order_relaxed)) {
        std::lock_guard lock(mu_);
        waiting_ = false;
        why_.clear();
      }
      return result;
    }
    on_error(result.status());
    if (!transient(result.status()) || closed_.load()) return result.status();
    std::unique_lock lock(mu_);
    waiting_ = true;
    why_ = result.status().message();
    cv_.wait_for(lock, backoff, [this] { return closed_.load(); });
    if (closed_.load()) return result.status();
    backoff = std::min(backoff * 2, max_backoff_);
  }
}

std::string OutageWait::unreachable() const {
  if (!waiting_.load(std::memory_order_relaxed)) return {};
  std::lock_guard lock(mu_);
  return why_;
}

void OutageWait::close() {
  {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  cv_.notify_all();
}

}  // namespace sluice::cassandra
