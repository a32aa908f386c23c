// RunStore: the scheduler's run history (docs/workflows.md, "Run history"). It holds the runs
// of each workflow (one per logical date), their task instances and each attempt's log, and
// the paused flag of each workflow. The scheduler loop, the CLI (`runs`, `task-log`, `trigger`,
// `clear`, `pause`) and the REST API are built on it. Implementations: sqlite/ (embedded mode,
// one file) and postgres/ (libpq, for several schedulers on one database), chosen by
// make_run_store() from the `scheduler:` section of the config.
//
// The store knows workflows and tasks by name only: times are int64 milliseconds since the
// epoch (UTC), always passed in by the caller (`now_ms`), so that tests drive the clock.
//
// Task instance states and who moves them:
//
//   none --transition--> queued | skipped | upstream_failed
//   queued, up_for_retry (once its retry time came) --claim--> running (attempt + 1)
//   running --finish (owner and attempt must match)--> success | failed | up_for_retry
//   running --requeue_expired (lease ran out)--> up_for_retry, or failed on the last attempt
//   any --clear--> none (attempts count on)
//
// `none` (as Airflow calls it): created with its run, waiting for its upstream tasks.
// transition() never enters or leaves `running`: only claim() starts an attempt, and only the
// attempt's owner (finish) or the lease's expiry ends one.
//
// Never twice. Two schedulers on one database never run one task instance's attempt twice:
// - claim() moves queued -> running in one transaction that holds row locks on what it takes
//   (PostgreSQL: SELECT ... FOR UPDATE SKIP LOCKED, so a second claimer passes over rows the
//   first holds and re-checks the state of rows it committed; SQLite: BEGIN IMMEDIATE, one
//   writer at a time). Each claim bumps the attempt and records the owner and a lease expiry.
// - Every other change is a compare-and-set in one statement: transition() moves an instance
//   only if it is still in `from`; finish() only if it is still running with that owner and
//   that attempt. Of two schedulers deciding the same move, one sees `true`, the other `false`.
// - An owner renews its leases (heartbeat) while its attempts run. When an owner dies, its
//   leases run out and requeue_expired() (any scheduler may call it) moves those instances on;
//   a late finish() of the dead owner's attempt is refused (false), because the attempt or the
//   state no longer match, and so is its heartbeat.
// What a lease cannot do is stop work already started: if an owner is alive but its heartbeat
// does not land within lease_ms (a stalled process, a partitioned network, or a clock skew),
// another scheduler re-queues and runs the task again while the first still runs it; only one
// of the two finishes is recorded. Expiry compares the expirer's `now_ms` with a lease written
// from the owner's clock: if the expirer's clock runs ahead by more than lease_ms minus the
// heartbeat interval, it expires live leases. Keep clocks in sync (NTP), renew at a third of
// lease_ms or more often, and have the executor stop an attempt that heartbeat() no longer
// reports as held.
//
// Errors: kInvalidArgument for arguments that are wrong (an empty workflow name, a transition
// into `running`); kNotFound for a run that does not exist; kUnavailable when the database
// cannot be reached or is busy (retrying may help); kInternal for SQL that failed otherwise.
// Each message names the operation. A `false` from a compare-and-set is not an error.
//
// Thread-safety: every method may be called from any thread; one store object serialises its
// calls on its one connection. Use one store per thread where calls must run in parallel.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/status.h"
#include "schedule/task_state.h"  // TaskState: the instances' states, with their names

namespace sluice::schedule {

enum class RunKind { kScheduled, kManual, kBackfill };
enum class RunState { kQueued, kRunning, kSuccess, kFailed };

// The words the tables, the CLI and the API use: "scheduled", "running", "up_for_retry".
std::string_view run_kind_name(RunKind kind);
std::string_view run_state_name(RunState state);
std::optional<RunKind> parse_run_kind(std::string_view name);
std::optional<RunState> parse_run_state(std::string_view name);

// Airflow's run id: "<kind>__<logical date, ISO 8601 UTC>", e.g.
// "scheduled__2024-05-01T00:00:00+00:00". Unique per workflow (as the logical date is).
std::string make_run_id(RunKind kind, int64_t logical_date_ms);

using RunParams = std::map<std::string, std::string>;

struct NewTask {
  std::string name;
  int retries = 0;  // attempts after the first; clear() grants as many again
  // Created queued (ready since NewRun::ready_at_ms) instead of none: a task with no upstream
  // task has nothing to wait for, so the run's own insert queues it and no trigger rule pass
  // has to write it again before it can be claimed.
  bool queued = false;
};

struct NewRun {
  std::string workflow;
  int64_t logical_date_ms = 0;
  int64_t data_interval_end_ms = 0;
  RunKind kind = RunKind::kScheduled;
  RunParams params;
  std::vector<NewTask> tasks;  // created in this order; names unique and non-empty
  int64_t now_ms = 0;
  int64_t ready_at_ms = 0;  // the ready_at_ms of the tasks created queued
};

struct WorkflowRun {
  int64_t id = 0;      // the store's key, used by every per-run call
  std::string run_id;  // make_run_id(kind, logical_date_ms)
  std::string workflow;
  int64_t logical_date_ms = 0;
  int64_t data_interval_end_ms = 0;
  RunKind kind = RunKind::kScheduled;
  RunParams params;
  RunState state = RunState::kQueued;
  int64_t created_ms = 0;
  std::optional<int64_t> started_ms;  // first moved to running
  std::optional<int64_t> ended_ms;    // moved to success or failed
};

// create_run's answer: the run for (workflow, logical date), and whether this call made it.
struct CreatedRun {
  WorkflowRun run;
  bool created = false;
};

// One page of a workflow's runs (query_runs), and how many match over every page.
struct RunPage {
  std::vector<WorkflowRun> runs;
  int64_t total = 0;
};

struct TaskInstance {
  int64_t run = 0;  // WorkflowRun::id
  std::string task;
  TaskState state = TaskState::kNone;
  int attempt = 0;             // attempts started so far; the running one while running
  int max_attempts = 1;        // 1 + retries, raised by clear()
  std::string owner;           // who runs the current attempt; "" when no one
  int64_t lease_until_ms = 0;  // running: the owner must heartbeat before this
  // queued: since when it may run (the scheduler passes the run's due time or the end of its
  // upstream tasks, so that start delays count from there); up_for_retry: when the next attempt
  // may start
  int64_t ready_at_ms = 0;
  std::optional<int64_t> started_ms;  // the current attempt's start
  std::optional<int64_t> ended_ms;    // the last attempt's end
};

// One attempt as its owner holds it: what finish() and append_log() name.
struct AttemptKey {
  int64_t run = 0;
  std::string task;
  int attempt = 0;
  std::string owner;
};

// One attempt's end, as finish() takes it: for finish_all().
struct AttemptEnd {
  AttemptKey attempt;
  TaskState to = TaskState::kSuccess;
  int64_t retry_at_ms = 0;
};

// What making a workflow's scheduled runs needs to know of it (schedule_states()).
struct ScheduleState {
  std::optional<int64_t> latest_scheduled_ms;  // as latest_scheduled_date()
  int active_runs = 0;                         // as count_active_runs()
};

struct ClaimRequest {
  std::string owner;  // unique per scheduler process, e.g. "host:pid:start time"
  int max = 1;        // claim up to this many
  int64_t now_ms = 0;
  int64_t lease_ms = 30000;
  // When not empty, only instances of these workflows: a scheduler claims what its config
  // declares and has not paused (the config's `paused: true` is not in the store). Empty: any.
  std::vector<std::string> workflows;
};

class RunStore {
 public:
  virtual ~RunStore() = default;

  // Connects and creates or upgrades the tables (a schema version table says which version
  // they are at; a database of a newer version is refused). Safe when several processes open
  // one database at once: one creates, the others wait and find it done. Call once, first.
  virtual Status open() = 0;

  // Runs `body`, whose calls on this store may share one transaction: SQLite commits them
  // once (a scheduler pass writes the file once, not once per change); PostgreSQL runs them as
  // they are. Each call keeps its own meaning (a compare-and-set stays one); when `body` or the
  // commit fails, what the calls did before the failure may or may not be kept, as each call
  // alone would. Not for claim(): work may start only once a claim is committed. Nested calls
  // join the outer batch.
  virtual Status batch(const std::function<Status()>& body) { return body(); }

  // ---- Runs ----

  // The run of (workflow, logical date), made with its task instances (in state none, or queued
  // as NewTask::queued says) if there is none: exactly once, however many schedulers call at once;
  // the others get the same run with created = false. An existing run is returned as it is (its
  // kind, params and tasks may differ from `run`'s).
  virtual Result<CreatedRun> create_run(const NewRun& run) = 0;
  virtual Result<WorkflowRun> get_run(int64_t id) = 0;
  // By the run id text (make_run_id); kNotFound when there is none.
  virtual Result<WorkflowRun> find_run(std::string_view workflow, std::string_view run_id) = 0;
  // Newest logical date first.
  virtual Result<std::vector<WorkflowRun>> list_runs(std::string_view workflow, int limit,
                                                     int offset) = 0;
  // The runs of `workflow` in `state` (nullopt: any), newest logical date first, `limit` from
  // `offset` on, with the count of every run that matches (the REST API's total_entries). The
  // page and the count are two reads: a run created between them may show in one only.
  virtual Result<RunPage> query_runs(std::string_view workflow, std::optional<RunState> state,
                                     int limit, int offset) = 0;
  // Queued and running runs of every workflow, oldest logical date first: what the scheduler
  // loop evaluates.
  virtual Result<std::vector<WorkflowRun>> active_runs(int limit) = 0;
  // The latest logical date of the workflow's scheduled runs (catchup starts after it).
  virtual Result<std::optional<int64_t>> latest_scheduled_date(std::string_view workflow) = 0;
  // Queued and running runs of the workflow (against max_active_runs).
  virtual Result<int> count_active_runs(std::string_view workflow) = 0;
  // Compare-and-set of the run's state; true when it moved. Entering running sets started_ms
  // (once), entering success or failed sets ended_ms, entering queued clears ended_ms.
  virtual Result<bool> set_run_state(int64_t run, RunState from, RunState to, int64_t now_ms) = 0;

  // ---- Task instances ----

  // In the order the run was created with.
  virtual Result<std::vector<TaskInstance>> task_instances(int64_t run) = 0;
  virtual Result<TaskInstance> task_instance(int64_t run, std::string_view task) = 0;
  // Compare-and-set between states other than running; true when it moved. Entering queued
  // sets ready_at_ms to now_ms; entering up_for_retry sets it to `retry_at_ms`.
  virtual Result<bool> transition(int64_t run, std::string_view task, TaskState from, TaskState to,
                                  int64_t now_ms, int64_t retry_at_ms = 0) = 0;
  // Takes up to `max` instances that are queued, or up_for_retry with ready_at_ms <= now, of
  // workflows that are not paused (and are among request.workflows when it is not empty), oldest
  // ready_at_ms first, and moves them to running: attempt
  // + 1, the owner, lease_until_ms = now + lease_ms. A run still queued moves to running. Two
  // claimers at once never take the same instance.
  virtual Result<std::vector<TaskInstance>> claim(const ClaimRequest& request) = 0;
  // Renews the leases of the owner's running instances to now + lease_ms; returns the attempts
  // it still holds. An attempt missing from the answer was taken away (lease expired, cleared):
  // stop it, its finish will be refused.
  virtual Result<std::vector<AttemptKey>> heartbeat(std::string_view owner, int64_t now_ms,
                                                    int64_t lease_ms) = 0;
  // Ends the attempt: `to` is success, failed or up_for_retry (then retry_at_ms is when the
  // next may start; the caller decides by max_attempts). True when it moved; false when the
  // instance is no longer this owner's running attempt.
  virtual Result<bool> finish(const AttemptKey& attempt, TaskState to, int64_t now_ms,
                              int64_t retry_at_ms = 0) = 0;
  // Running instances whose lease ended before now_ms: their owner is gone. Each moves to
  // up_for_retry (ready at once: the attempt was lost, not failed by the task, but it counts,
  // as in Airflow) while attempt < max_attempts, else to failed. Returns them as they are now.
  virtual Result<std::vector<TaskInstance>> requeue_expired(int64_t now_ms) = 0;
  // Resets the named instances of the run to none so that they run again (the caller names
  // the downstream tasks too): owner cleared, attempts counting on, max_attempts raised to
  // attempt + 1 + retries. A running attempt among them is taken away (its finish is refused).
  // The run goes back to queued. Returns how many instances were reset; unknown names are
  // ignored, an unknown run is kNotFound.
  virtual Result<int> clear(int64_t run, const std::vector<std::string>& tasks, int64_t now_ms) = 0;

  // ---- Many at once ----
  // What a scheduler pass does to many runs or instances, as one call each: the same meaning,
  // element by element, as the call each is named after (a compare-and-set stays one per
  // element), answers in the order of the arguments. Each runs in one transaction (inside a
  // batch(), a savepoint) and on PostgreSQL as a fixed number of statements, whatever the
  // number of elements, instead of a round trip per element. Empty arguments are fine.

  // create_run() of each run. A (workflow, logical date) given twice is kInvalidArgument.
  virtual Result<std::vector<CreatedRun>> create_runs(const std::vector<NewRun>& runs) = 0;
  // get_run() of each id that exists (others are left out), ascending by id.
  virtual Result<std::vector<WorkflowRun>> get_runs(const std::vector<int64_t>& ids) = 0;
  // task_instances() of each run, by run id (a run with no instance, or none, is missing).
  virtual Result<std::map<int64_t, std::vector<TaskInstance>>> task_instances_of(
      const std::vector<int64_t>& runs) = 0;
  // finish() of each attempt at now_ms: true where it moved.
  virtual Result<std::vector<bool>> finish_all(const std::vector<AttemptEnd>& ends,
                                               int64_t now_ms) = 0;
  // latest_scheduled_date() and count_active_runs() of each workflow, by name.
  virtual Result<std::map<std::string, ScheduleState>> schedule_states(
      const std::vector<std::string>& workflows) = 0;

  // ---- Attempt logs ----

  // Appends to the log of one attempt; every attempt keeps its own.
  virtual Status append_log(int64_t run, std::string_view task, int attempt,
                            std::string_view text) = 0;
  // The attempt's log as appended ("" when nothing was).
  virtual Result<std::string> read_log(int64_t run, std::string_view task, int attempt) = 0;
  // The attempts of the instance that have a log, ascending.
  virtual Result<std::vector<int>> log_attempts(int64_t run, std::string_view task) = 0;

  // ---- Workflows ----

  // Persists the workflow's paused flag.
  virtual Status set_paused(std::string_view workflow, bool paused, int64_t now_ms) = 0;
  // nullopt when never set (the workflow's config then decides).
  virtual Result<std::optional<bool>> paused(std::string_view workflow) = 0;
  // Every persisted paused flag in one call (workflows never set are missing): what the
  // scheduler loop reads once per pass instead of asking per workflow.
  virtual Result<std::map<std::string, bool>> paused_flags() = 0;
};

// The store `scheduler:` names, not opened yet: SQLite at sqlite_path (default
// <data_dir>/scheduler.db), or PostgreSQL with the connection string or password read now from
// the file or environment variable the config names (kInvalidArgument naming the key when one
// cannot be read).
Result<std::unique_ptr<RunStore>> make_run_store(const SchedulerConfig& config,
                                                 const std::string& data_dir);

}  // namespace sluice::schedule
