// The run store in one SQLite file (embedded mode; docs/workflows.md, "Run history").
// Every change that reads before it writes (create_run, claim, clear) runs in one
// BEGIN IMMEDIATE transaction, which takes the file's write lock first: processes and threads
// on one file take turns, so the compare-and-sets of run_store.h hold across them. The other
// changes are single UPDATE statements, atomic on their own. Busy waits are bounded (about
// 5 s), then kUnavailable.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "schedule/store/run_store.h"
#include "sink/sqlite/sqlite_db.h"

namespace sluice::schedule {

class SqliteRunStore final : public RunStore {
 public:
  // `path`: the database file; its folder is created at open() if missing.
  explicit SqliteRunStore(std::string path);

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
  // The cached statement of `sql` (a string literal: its address is the key), reset.
  Result<sqlite::Statement*> statement(const char* sql);
  // Runs `body` between BEGIN IMMEDIATE and COMMIT; ROLLBACK when it fails.
  template <typename Body>
  auto in_write_transaction(Body body) -> decltype(body());
  Result<std::vector<WorkflowRun>> runs_of(sqlite::Statement* stmt);
  Result<std::vector<TaskInstance>> tasks_of(sqlite::Statement* stmt);
  Result<WorkflowRun> one_run(sqlite::Statement* stmt, std::string_view what);
  Result<bool> moved(sqlite::Statement* stmt);
  Result<std::optional<int64_t>> one_int(sqlite::Statement* stmt);
  Result<CreatedRun> create_run_locked(const NewRun& run);
  Result<std::vector<TaskInstance>> claim_locked(const ClaimRequest& request);
  Result<int> clear_locked(int64_t run, const std::vector<std::string>& tasks);
  Result<bool> finish_locked(const AttemptKey& attempt, TaskState to, int64_t now_ms,
                             int64_t retry_at_ms);

  std::string path_;
  std::mutex mu_;  // one caller at a time on the connection and the statement cache
  std::unique_ptr<sqlite::Database> db_;
  std::map<const char*, sqlite::Statement> statements_;
  bool in_batch_ = false;  // guarded by mu_: a batch() holds a write transaction open
};

// Inside a batch() a savepoint: the call stays all or nothing within the batch's transaction.
template <typename Body>
auto SqliteRunStore::in_write_transaction(Body body) -> decltype(body()) {
  if (db_ == nullptr) return Status::invalid_argument("run store: used before open()");
  const char* begin = in_batch_ ? "SAVEPOINT store_call" : "BEGIN IMMEDIATE";
  const char* commit = in_batch_ ? "RELEASE store_call" : "COMMIT";
  const char* rollback = in_batch_ ? "ROLLBACK TO store_call; RELEASE store_call" : "ROLLBACK";
  SLUICE_RETURN_IF_ERROR(db_->exec(begin));
  auto result = body();
  Status ended = result.ok() ? db_->exec(commit) : Status();
  if (!result.ok() || !ended.ok()) (void)db_->exec(rollback);
  if (!ended.ok()) return ended;
  return result;
}

}  // namespace sluice::schedule
