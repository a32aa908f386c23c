// The run store on PostgreSQL through libpq (docs/workflows.md, "Run history"), for several
// schedulers on one database. How the promises of run_store.h hold here:
// - create_run: INSERT ... ON CONFLICT DO NOTHING on the unique (workflow, logical date); the
//   loser of a race waits for the winner's transaction, then reads the winner's run.
// - claim: one transaction: SELECT ... FOR UPDATE SKIP LOCKED picks rows no other claimer
//   holds (and re-checks, once locked, that they are still claimable), the UPDATE moves them,
//   then the runs they belong to are locked in id order and started. Statements that lock
//   task rows and run rows always take the task rows first, so they cannot deadlock.
// - transition, finish, heartbeat, requeue_expired: single UPDATEs whose WHERE names the
//   expected state (and owner and attempt): a concurrent writer of the same row waits for the
//   first, then finds its condition false.
// Connections: one per store, statements prepared once per connection. A dropped connection
// (server restart, pg_terminate_backend) fails the call in progress with kUnavailable and is
// made anew by the next call; reads and the calls that are safe to repeat (create_run,
// heartbeat, set_paused) are repeated once at once on the new connection. A change whose
// outcome was lost with the connection is not repeated: a claim may then have taken instances
// that nobody runs, and their lease's expiry gives them back.
#pragma once

#include <fmt/format.h>

#include <map>
#include <mutex>
#include <string>

#include "schedule/store/postgres/pg_connection.h"
#include "schedule/store/run_store.h"

namespace sluice::schedule {

inline const Status& status_of(const Status& status) {
  return status;
}
template <typename T>
const Status& status_of(const Result<T>& result) {
  return result.status();
}

class PgRunStore final : public RunStore {
 public:
  // `schema`: where the tables live (a plain lower-case name), created at open() if missing.
  PgRunStore(PgConnectParams params, std::string schema);

  Status open() override;
  Status batch(const std::function<Status()>& body) override;
  Result<CreatedRun> create_run(const NewRun& run) override;
  Result<WorkflowRun> get_run(int64_t id) override;
  Result<WorkflowRun> find_run(std::string_view workflow, std::string_view run_id) override;
  Result<std::vector<WorkflowRun>> list_runs(std::string_view workflow, int limit,
                                             int offset) override;
  Result<RunPage> query_runs(std::string_view workflow, std::optional<RunState> state, int limit,
                             int offset) override;
  Result<std::vector<WorkflowRun>> active_runs(int limit) override;
  Result<std::optional<int64_t>> latest_scheduled_date(std::string_view workflow) override;
  Result<int> count_active_runs(std::string_view workflow) override;
  Result<bool> set_run_state(int64_t run, RunState from, RunState to, int64_t now_ms) override;
  Result<std::vector<TaskInstance>> task_instances(int64_t run) override;
  Result<TaskInstance> task_instance(int64_t run, std::string_view task) override;
  Result<bool> transition(int64_t run, std::string_view task, TaskState from, TaskState to,
                          int64_t now_ms, int64_t retry_at_ms) override;
  Result<std::vector<TaskInstance>> claim(const ClaimRequest& request) override;
  Result<std::vector<AttemptKey>> heartbeat(std::string_view owner, int64_t now_ms,
                                            int64_t lease_ms) override;
  Result<bool> finish(const AttemptKey& attempt, TaskState to, int64_t now_ms,
                      int64_t retry_at_ms) override;
  Result<std::vector<TaskInstance>> requeue_expired(int64_t now_ms) override;
  Result<int> clear(int64_t run, const std::vector<std::string>& tasks, int64_t now_ms) override;
  Result<std::vector<CreatedRun>> create_runs(const std::vector<NewRun>& runs) override;
  Result<std::vector<WorkflowRun>> get_runs(const std::vector<int64_t>& ids) override;
  Result<std::map<int64_t, std::vector<TaskInstance>>> task_instances_of(
      const std::vector<int64_t>& runs) override;
  Result<std::vector<bool>> finish_all(const std::vector<AttemptEnd>& ends,
                                       int64_t now_ms) override;
  Result<std::map<std::string, ScheduleState>> schedule_states(
      const std::vector<std::string>& workflows) override;
  Status append_log(int64_t run, std::string_view task, int attempt,
                    std::string_view text) override;
  Result<std::string> read_log(int64_t run, std::string_view task, int attempt) override;
  Result<std::vector<int>> log_attempts(int64_t run, std::string_view task) override;
  Status set_paused(std::string_view workflow, bool paused, int64_t now_ms) override;
  Result<std::optional<bool>> paused(std::string_view workflow) override;
  Result<std::map<std::string, bool>> paused_flags() override;

 private:
  enum class Repeat { kNo, kIfDropped };
  // Runs one call's statements under the lock, with `op` as the context of its error; with
  // kIfDropped, once more when the connection was lost under it.
  template <typename Body>
  auto call(std::string_view op, Repeat repeat, Body body) -> decltype(body());
  // Runs `body` between BEGIN and COMMIT; ROLLBACK when it fails.
  template <typename Body>
  auto in_transaction(Body body) -> decltype(body());
  Result<CreatedRun> insert_run(const NewRun& run);
  Result<std::vector<CreatedRun>> insert_runs(const std::vector<NewRun>& runs);
  Result<std::vector<TaskInstance>> claim_in_transaction(const ClaimRequest& request);
  Result<int> clear_in_transaction(int64_t run, const std::vector<std::string>& tasks);

  std::mutex mu_;  // one call at a time on the connection
  std::string schema_;
  PgConnection conn_;
  bool opened_ = false;
  bool in_batch_ = false;  // guarded by mu_: a batch() holds a transaction open
};

template <typename Body>
auto PgRunStore::call(std::string_view op, Repeat repeat, Body body) -> decltype(body()) {
  std::lock_guard lock(mu_);
  if (!opened_) return Status::invalid_argument(fmt::format("{}: used before open()", op));
  auto result = body();
  if (!result.ok() && repeat == Repeat::kIfDropped && conn_.dropped()) result = body();
  if (!result.ok()) return status_of(result).with_context(op);
  return result;
}

// Inside a batch() a savepoint: the call stays all or nothing within the batch's transaction.
template <typename Body>
auto PgRunStore::in_transaction(Body body) -> decltype(body()) {
  const char* begin = in_batch_ ? "SAVEPOINT store_call" : "BEGIN";
  const char* commit = in_batch_ ? "RELEASE SAVEPOINT store_call" : "COMMIT";
  const char* rollback = in_batch_ ? "ROLLBACK TO SAVEPOINT store_call" : "ROLLBACK";
  SLUICE_RETURN_IF_ERROR(conn_.command(begin));
  auto result = body();
  Status ended = result.ok() ? conn_.command(commit) : Status();
  if ((!result.ok() || !ended.ok()) && !conn_.dropped()) (void)conn_.command(rollback);
  if (!ended.ok()) return ended;
  return result;
}

}  // namespace sluice::schedule
