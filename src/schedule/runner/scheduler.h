// Scheduler: the loop that runs workflows (docs/workflows.md, "The scheduler"). One pass:
//   1. records the attempts that ended (success; failure -> up_for_retry after retry_delay, or
//      failed when no retry is left; an attempt past its timeout is cancelled and fails with
//      "timed out after ...");
//   2. re-queues the instances whose lease ran out (their owner died: a crash loses nothing;
//      full passes only);
//   3. renews this scheduler's leases every lease_ms / 3, cancelling attempts it lost;
//   4. per workflow not paused whose next run is due: creates the scheduled runs that are due
//      (max_active_runs), their tasks without upstream tasks already queued;
//   5. per active run: trigger rules move `none` instances on, finished runs get their state;
//   6. claims queued instances of its workflows that are not paused, up to `parallelism`
//      running at once, and hands each, with the task rendered for its run, to a pool of
//      worker threads (one per attempt running at once, up to `parallelism`, kept between
//      attempts: a thread per attempt cost more than the rest of a no-op attempt).
// A full pass (tick(), and run() at least every max_sleep_ms) evaluates every active run of the
// store; the passes between only the runs this process changed (a run made, an attempt ended),
// so that a busy scheduler does not re-read thousands of runs per attempt.
// The store work of a pass is set-based (RunStore, "Many at once"): one finish_all() for the
// attempts that ended, one schedule_states() and one create_runs() for every due workflow, one
// get_runs() and one task_instances_of() for the runs to advance, one claim(); what stays per
// element is a trigger-rule move or a run's end. So a pass costs a few statements, not a few per
// run or instance (on PostgreSQL each statement is a round trip).
// Every decision goes through the run store's compare-and-set operations, so several
// schedulers on one store, or one restarted after SIGKILL, never run an attempt twice.
//
// run() sleeps until the next thing is due: a workflow's next run, a retry, a lease renewal, an
// attempt's timeout; at most max_sleep_ms, so that what other processes do (`sluice trigger`, a
// clear, another scheduler's runs) is seen within it. An attempt ending, wake() and stop end the
// sleep early.
//
// Time comes from the injected clock (milliseconds since the epoch), so tests drive it; only
// run()'s sleep is real time. Thread-safety: tick() and run() from one thread; wake() from any;
// the executor runs on the attempt threads.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"
#include "schedule/runner/run_advance.h"
#include "schedule/runner/scheduler_probe.h"
#include "schedule/runner/task_executor.h"
#include "schedule/store/run_store.h"
#include "schedule/workflow.h"

namespace sluice::schedule {

using Clock = std::function<int64_t()>;

struct SchedulerOptions {
  std::string owner;                  // "" = "<host>:<pid>:<start ms>"
  int parallelism = 4;                // attempts running at once
  int64_t lease_ms = 30000;           // renewed every lease_ms / 3
  int max_sleep_ms = 1000;            // run(): longest sleep, and time between full passes
  int64_t shutdown_grace_ms = 30000;  // run(): how long in-flight attempts may finish on stop
  SchedulerProbe* probe = nullptr;    // metrics; may be null. Must outlive the scheduler
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

  // One full pass, as above. A store error ends the pass and is returned (the next retries).
  Status tick();
  // Passes until `stop` is set, then lets in-flight attempts end (cancelling them after
  // shutdown_grace_ms) and records them. Store errors are logged, not fatal. `stop` is seen
  // within 50 ms (a signal handler cannot wake a condition variable); wake() at once.
  void run(const std::atomic<bool>& stop);
  // Ends run()'s sleep now with a full pass: something in this process made work (a trigger
  // through the API).
  void wake();
  // When run() would wake next by the clock (ms since the epoch), as of the last pass.
  int64_t next_wake_ms() const { return next_wake_ms_; }

  // For tests: waits until no started attempt is still in its executor; false on `max`.
  bool wait_idle(std::chrono::milliseconds max);
  // Attempts started and not yet recorded.
  size_t in_flight() const;
  const std::string& owner() const { return options_.owner; }

 private:
  struct Attempt;

  Status pass(bool full);
  Status record_finished();
  Status requeue_expired(int64_t now_ms);
  Status heartbeat(int64_t now_ms);
  void enforce_timeouts(int64_t now_ms);
  Status read_paused();
  Status create_runs(int64_t now_ms);
  Status advance_runs(bool full, int64_t now_ms);
  // `run` of a workflow of this config, not paused, with its instances.
  Status advance(const WorkflowRun& run, const std::vector<TaskInstance>& instances,
                 int64_t now_ms);
  Status claim_and_start(int64_t now_ms);
  // The attempt of a claimed instance, ready for dispatch(); null when it cannot start (it is
  // recorded failed).
  Result<std::unique_ptr<Attempt>> start(const TaskInstance& instance, int64_t now_ms);
  void dispatch(std::vector<std::unique_ptr<Attempt>> ready);
  Status record(const std::vector<Attempt*>& attempts, int64_t now_ms);
  const Workflow* workflow(const std::string& name) const;
  bool paused(const Workflow& w) const;
  int64_t compute_next_wake(int64_t now_ms);
  void sleep_for(int64_t ms, const std::atomic<bool>& stop);
  void work();

  std::vector<Workflow> workflows_;
  RunStore& store_;
  TaskExecutor& executor_;
  Clock clock_;
  SchedulerOptions options_;
  int64_t last_heartbeat_ms_ = 0;

  // The loop's own state: tick() and run()'s thread only.
  std::map<std::string, bool> store_paused_;  // the store's flags, read each pass
  std::map<std::string, int64_t> due_at_;     // workflow -> when to look for runs to make
  std::set<int64_t> dirty_runs_;              // runs to advance in the next pass
  // Active runs as last read or made, for start(): what it takes from them (workflow, run id,
  // logical date, params) never changes, so a claimed instance's run is not read again. Full
  // passes replace it with the store's active runs; a run that ends leaves it.
  std::map<int64_t, WorkflowRun> known_runs_;
  std::vector<int64_t> retry_at_;  // when retries this process set become due
  int64_t next_wake_ms_ = 0;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::list<std::unique_ptr<Attempt>> attempts_;  // guarded by mutex_ (their `done` too)
  bool woken_ = false;                            // guarded by mutex_: an attempt ended, wake()
  bool full_pass_ = false;                        // guarded by mutex_: wake() asked for one
  std::deque<Attempt*> queue_;                    // guarded by mutex_: not handed to a worker yet
  std::condition_variable work_;                  // a queued attempt, or stopping_
  std::vector<std::thread> workers_;              // the loop's thread and the destructor only
  int idle_workers_ = 0;                          // guarded by mutex_
  bool stopping_ = false;                         // guarded by mutex_
};

}  // namespace sluice::schedule
