// CommitSignal: tells readers of an in-process log that a transaction became visible. A number
// that changes with every commit, and a wait until it differs from the one a reader saw or a
// timeout passes, so consumers wake on commit instead of polling on a timer (which would put
// the poll interval into the end-to-end latency). Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace sluice {

class CommitSignal {
 public:
  // After the transaction's records are visible to readers.
  void committed() {
    {
      std::lock_guard lock(mu_);
      ++sequence_;
    }
    cv_.notify_all();
  }
  uint64_t sequence() const {
    std::lock_guard lock(mu_);
    return sequence_;
  }
  void wait(uint64_t seen, int timeout_ms) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return sequence_ != seen; });
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  uint64_t sequence_ = 0;
};

}  // namespace sluice
