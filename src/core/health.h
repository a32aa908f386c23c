// Health: what a running sluice process is waiting for, if anything. Parts that depend on a
// server (the Kafka brokers, the Cassandra nodes) either report when they lose it and when
// they have it back, or are watched: a probe the Health calls twice a second from a thread of
// its own, so that an outage shows even while every thread of the pipeline is blocked on it.
// /readyz answers 503 with the list while anything is missing, and each change is logged once
// (a warning when a wait starts, an info line with its length when it ends), so an operator
// sees an outage in the log and on the probe without a flood of repeated errors.
// Thread-safe: any part may report from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace sluice {

class Health {
 public:
  // Why a component waits, "" when it does not. Called from the Health's thread, which runs
  // the probes one after the other: each must be thread-safe and bounded in time (the Kafka
  // consumer's makes a metadata request of at most 500 ms every 2 s; the others only read).
  using Probe = std::function<std::string()>;

  Health() = default;
  ~Health();
  Health(const Health&) = delete;
  Health& operator=(const Health&) = delete;

  // `component` is waiting on something it needs ("cassandra", "kafka"), for `why`. Repeated
  // calls only update the reason; the first is logged.
  void waiting(std::string_view component, std::string_view why);
  // `component` has what it needs again (no-op when it was not waiting).
  void recovered(std::string_view component);
  // waiting(component, why) when `why` is not empty, else recovered(component).
  void report(std::string_view component, std::string_view why);

  // Reports `probe`'s answer for `component` every kWatchEvery until unwatch(). Whatever the
  // probe looks at must outlive the watch.
  void watch(std::string component, Probe probe);
  // Stops watching `component` (waiting for a probe call in progress) and forgets its wait.
  void unwatch(std::string_view component);

  // Nothing is waiting (and the process said it started).
  bool ready() const;
  // Marks the process started: before that, ready() is false with reason "starting".
  void started();
  // One line per waiting component ("cassandra: waiting 12 s: connection refused"), or
  // "ready" / "starting".
  std::string describe() const;

  static constexpr std::chrono::milliseconds kWatchEvery{500};

 private:
  struct Wait {
    std::string why;
    std::chrono::steady_clock::time_point since;
  };
  void watch_loop();

  mutable std::mutex mu_;  // guards started_ and waiting_
  bool started_ = false;
  std::map<std::string, Wait, std::less<>> waiting_;

  std::mutex watch_mu_;  // guards probes_ and stop_; held while probes run
  std::condition_variable watch_cv_;
  std::map<std::string, Probe, std::less<>> probes_;
  bool stop_ = false;
  std::thread watcher_;  // started by the first watch()
};

}  // namespace sluice
