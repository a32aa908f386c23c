// Scheduler: the loop that runs workflows (docs/workflows.md, "The scheduler"). One tick:
//   1. records the attempts that ended (success; failure -> up_for_retry after retry_delay, or
//      failed when no retry is left; an attempt past its timeout is cancelled and fails with
//      "timed out after ...");
//   2. re-queues the instances whose lease ran out (their owner died: a crash loses nothing);
//   3. renews this scheduler's leases every lease_ms / 3, cancelling attempts it lost;
//   4. per workflow not paused: creates the scheduled runs that are due (max_active_runs);
//   5. per active run: trigger rules move `none` instances on, finished runs get their state;
//   6. claims queued instances up to `parallelism` running at once and starts each on a thread
//      of its own with the task rendered for its run.
// Every decision goes through the run store's compare-and-set operations, so several
// schedulers on one store, or one restarted after SIGKILL, never run an attempt twice.
//
// Time comes from the injected clock (milliseconds since the epoch), so tests drive it; only
// run()'s poll sleep is real time. Thread-safety: tick() and run() from one thread; the
// executor runs on the attempt threads.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"
#include "schedule/runner/task_executor.h"
#include "schedule/store/run_store.h"
#include "schedule/workflow.h"

namespace sluice::schedule {

using Clock = std::function<int64_t()>;

struct SchedulerOptions {
  std::string owner;                  // "" = "<host>:<pid>:<start ms>"
  int parallelism = 4;                // attempts running at once
  int64_t lease_ms = 30000;           // renewed every lease_ms / 3
  int poll_ms = 200;                  // run(): time between ticks (sooner when an attempt ends)
  int64_t shutdown_grace_ms = 30000;  // run(): how long in-flight attempts may finish on stop
};

class Scheduler {
 public:
  // `store` (opened) and `executor` must outlive the scheduler.
  Scheduler(std::vector<Workflow> workflows, RunStore& store, TaskExecutor& executor, Clock clock,
            SchedulerOptions options);
  // Cancels and joins attempts still running (their instances stay running in the store until
  // their lease runs out).
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // One pass, as above. A store error ends the pass and is returned (the next tick retries).
  Status tick();
  // Ticks until `stop` is set, then lets in-flight attempts end (cancelling them after
  // shutdown_grace_ms) and records them. Store errors are logged, not fatal.
  void run(const std::atomic<bool>& stop);

  // For tests: waits until no started attempt is still in its executor; false on `max`.
  bool wait_idle(std::chrono::milliseconds max);
  // Attempts started and not yet recorded.
  size_t in_flight() const;
  const std::string& owner() const { return options_.owner; }

 private:
  struct Attempt;

  Status record_finished();
  Status requeue_expired(int64_t now_ms);
  Status heartbeat(int64_t now_ms);
  void enforce_timeouts(int64_t now_ms);
  Status schedule_workflows(int64_t now_ms);
  Status claim_and_start(int64_t now_ms);
  Status start(const TaskInstance& instance, int64_t now_ms);
  Status record(Attempt& attempt, int64_t now_ms);
  const Workflow* workflow(const std::string& name) const;

  std::vector<Workflow> workflows_;
  RunStore& store_;
  TaskExecutor& executor_;
  Clock clock_;
  SchedulerOptions options_;
  int64_t last_heartbeat_ms_ = 0;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::list<std::unique_ptr<Attempt>> attempts_;  // guarded by mutex_ (their `done` too)
  std::atomic<bool> ended_{false};                // an attempt ended since the last tick
};

}  // namespace sluice::schedule
