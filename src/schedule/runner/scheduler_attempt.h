// Scheduler::Attempt: one attempt this scheduler started, from its claim to its record. Internal
// to scheduler*.cpp.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "core/status.h"
#include "schedule/runner/scheduler.h"

namespace sluice::schedule {

// The attempt's log in the run store. A log that cannot be written does not fail the attempt.
class StoreLog : public AttemptLog {
 public:
  StoreLog(RunStore& store, const AttemptKey& key) : store_(store), key_(key) {}
  void write(std::string_view text) override;

 private:
  RunStore& store_;
  const AttemptKey& key_;
};

struct Scheduler::Attempt {
  AttemptKey key;
  std::string workflow;
  std::string run_id;
  TaskSpec task;  // rendered for its run
  int64_t started_ms = 0;
  std::optional<int64_t> deadline_ms;
  std::atomic<bool> cancel{false};
  bool timed_out = false;  // the scheduler's thread only
  bool lost = false;       // the lease was taken away: its finish would be refused
  bool done = false;       // guarded by mutex_
  Status result;           // set before done
  TaskAttempt what;        // what the executor is handed
};

}  // namespace sluice::schedule
