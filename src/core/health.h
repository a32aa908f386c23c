// Health: what a running sluice process is waiting for, if anything. Parts that depend on a
// server (the Kafka brokers, the Cassandra nodes) report here when they lose it and when they
// have it back; /readyz answers 503 with the list while anything is missing, and each change is
// logged once (a warning when a wait starts, an info line with its length when it ends), so an
// operator sees an outage in the log and on the probe without a flood of repeated errors.
// Thread-safe: any part may report from any thread.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace sluice {

class Health {
 public:
  // `component` is waiting on something it needs ("cassandra", "kafka"), for `why`. Repeated
  // calls only update the reason; the first is logged.
  void waiting(std::string_view component, std::string_view why);
  // `component` has what it needs again (no-op when it was not waiting).
  void recovered(std::string_view component);
  // waiting(component, why) when `why` is not empty, else recovered(component): for parts
  // that are asked rather than tell.
  void report(std::string_view component, std::string_view why);

  // Nothing is waiting (and the process said it started).
  bool ready() const;
  // Marks the process started: before that, ready() is false with reason "starting".
  void started();
  // One line per waiting component ("cassandra: waiting 12 s: connection refused"), or
  // "ready" / "starting".
  std::string describe() const;

 private:
  struct Wait {
    std::string why;
    std::chrono::steady_clock::time_point since;
  };
  mutable std::mutex mu_;
  bool started_ = false;
  std::map<std::string, Wait, std::less<>> waiting_;
};

}  // namespace sluice
