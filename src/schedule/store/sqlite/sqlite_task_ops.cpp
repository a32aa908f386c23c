// SqliteRunStore's task instance calls: the compare-and-sets, claim, leases and clear.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>

#include "schedule/store/row_decode.h"
#include "schedule/store/sqlite/sqlite_row.h"
#include "schedule/store/sqlite/sqlite_run_store.h"
#include "schedule/store/store_checks.h"

namespace sluice::schedule {

Result<std::vector<TaskInstance>> SqliteRunStore::task_instances(int64_t run) {
  std::lock_guard lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(auto stmt, statement("SELECT " SLUICE_TASK_COLUMNS
                                               " FROM task_instances WHERE run = ?1 ORDER BY "
                                               "position"));
  stmt->bind_int(1, run);
  return tasks_of(stmt);
}

Result<TaskInstance> SqliteRunStore::task_instance(int64_t run, std::string_view task) {
  std::lock_guard lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(auto stmt, statement("SELECT " SLUICE_TASK_COLUMNS
                                               " FROM task_instances WHERE run = ?1 AND task = "
                                               "?2"));
  stmt->bind_int(1, run);
  stmt->bind_text(2, task);
  SLUICE_ASSIGN_OR_RETURN(std::vector<TaskInstance> found, tasks_of(stmt));
  if (found.empty()) return Status::not_found(fmt::format("no task {} in run {}", task, run));
  return std::move(found.front());
}

Result<bool> SqliteRunStore::transition(int64_t run, std::string_view task, TaskState from,
                                        TaskState to, int64_t now_ms, int64_t retry_at_ms) {
  SLUICE_RETURN_IF_ERROR(check_transition(from, to));
  std::lock_guard lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(
      auto stmt,
      statement("UPDATE task_instances SET state = ?4, ready_at_ms = CASE ?4 WHEN 'queued' THEN "
                "?5 WHEN 'up_for_retry' THEN ?6 ELSE ready_at_ms END, ended_ms = CASE WHEN ?4 IN "
                "('success', 'failed', 'upstream_failed', 'skipped') THEN ?5 ELSE ended_ms END "
                "WHERE run = ?1 AND task = ?2 AND state = ?3 RETURNING run"));
  stmt->bind_int(1, run);
  stmt->bind_text(2, task);
  stmt->bind_text(3, task_state_name(from));
  stmt->bind_text(4, task_state_name(to));
  stmt->bind_int(5, now_ms);
  stmt->bind_int(6, retry_at_ms);
  return moved(stmt);
}

Result<std::vector<TaskInstance>> SqliteRunStore::claim(const ClaimRequest& request) {
  SLUICE_RETURN_IF_ERROR(check_claim(request));
  std::lock_guard lock(mu_);
  auto claimed = in_write_transaction([&] { return claim_locked(request); });
  if (!claimed.ok()) return claimed.status().with_context("claim");
  return claimed;
}

Result<std::vector<TaskInstance>> SqliteRunStore::claim_locked(const ClaimRequest& request) {
  SLUICE_ASSIGN_OR_RETURN(
      auto take,
      statement("UPDATE task_instances SET state = 'running', attempt = attempt + 1, owner = ?1, "
                "lease_until_ms = ?2 + ?3, started_ms = ?2, ended_ms = NULL WHERE id IN ("
                "SELECT t.id FROM task_instances t JOIN workflow_runs r ON r.id = t.run "
                "WHERE t.state IN ('queued', 'up_for_retry') "
                "AND (t.state = 'queued' OR t.ready_at_ms <= ?2) "
                "AND NOT EXISTS (SELECT 1 FROM workflow_state w "
                "WHERE w.workflow = r.workflow AND w.paused = 1) "
                "AND (?5 IS NULL OR r.workflow IN (SELECT value FROM json_each(?5))) "
                "ORDER BY t.ready_at_ms, t.id LIMIT ?4) RETURNING " SLUICE_TASK_COLUMNS));
  take->bind_text(1, request.owner);
  take->bind_int(2, request.now_ms);
  take->bind_int(3, request.lease_ms);
  take->bind_int(4, request.max);
  // Bound without a copy: it must live until the statement is reset.
  const std::string workflows = nlohmann::json(request.workflows).dump();
  if (request.workflows.empty()) {
    take->bind_null(5);
  } else {
    take->bind_text(5, workflows);
  }
  SLUICE_ASSIGN_OR_RETURN(std::vector<TaskInstance> claimed, tasks_of(take));

  SLUICE_ASSIGN_OR_RETURN(auto start_run,
                          statement("UPDATE workflow_runs SET state = 'running', started_ms = "
                                    "coalesce(started_ms, ?2) WHERE id = ?1 AND state = "
                                    "'queued'"));
  std::set<int64_t> runs;
  for (const TaskInstance& t : claimed)
    runs.insert(t.run);
  for (int64_t run : runs) {
    start_run->bind_int(1, run);
    start_run->bind_int(2, request.now_ms);
    SLUICE_RETURN_IF_ERROR(start_run->run());
  }
  return claimed;
}

Result<std::vector<AttemptKey>> SqliteRunStore::heartbeat(std::string_view owner, int64_t now_ms,
                                                          int64_t lease_ms) {
  SLUICE_RETURN_IF_ERROR(check_lease("heartbeat", owner, lease_ms));
  std::lock_guard lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(auto stmt,
                          statement("UPDATE task_instances SET lease_until_ms = ?2 WHERE owner = "
                                    "?1 AND state = 'running' RETURNING run, task, attempt"));
  stmt->bind_text(1, owner);
  stmt->bind_int(2, now_ms + lease_ms);
  std::vector<AttemptKey> held;
  while (true) {
    SLUICE_ASSIGN_OR_RETURN(bool row, stmt->step());
    if (!row) break;
    held.push_back({stmt->column_int(0), std::string(stmt->column_text(1)),
                    static_cast<int>(stmt->column_int(2)), std::string(owner)});
  }
  return held;
}

Result<bool> SqliteRunStore::finish(const AttemptKey& attempt, TaskState to, int64_t now_ms,
                                    int64_t retry_at_ms) {
  SLUICE_RETURN_IF_ERROR(check_finish(attempt, to));
  std::lock_guard lock(mu_);
  return finish_locked(attempt, to, now_ms, retry_at_ms);
}

Result<bool> SqliteRunStore::finish_locked(const AttemptKey& attempt, TaskState to, int64_t now_ms,
                                           int64_t retry_at_ms) {
  SLUICE_ASSIGN_OR_RETURN(
      auto stmt,
      statement("UPDATE task_instances SET state = ?5, owner = '', lease_until_ms = 0, ended_ms "
                "= ?6, ready_at_ms = CASE ?5 WHEN 'up_for_retry' THEN ?7 ELSE ready_at_ms END "
                "WHERE run = ?1 AND task = ?2 AND attempt = ?3 AND owner = ?4 AND state = "
                "'running' RETURNING run"));
  stmt->bind_int(1, attempt.run);
  stmt->bind_text(2, attempt.task);
  stmt->bind_int(3, attempt.attempt);
  stmt->bind_text(4, attempt.owner);
  stmt->bind_text(5, task_state_name(to));
  stmt->bind_int(6, now_ms);
  stmt->bind_int(7, retry_at_ms);
  return moved(stmt);
}

Result<std::vector<TaskInstance>> SqliteRunStore::requeue_expired(int64_t now_ms) {
  std::lock_guard lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(
      auto stmt,
      statement("UPDATE task_instances SET state = CASE WHEN attempt < max_attempts THEN "
                "'up_for_retry' ELSE 'failed' END, owner = '', lease_until_ms = 0, ready_at_ms = "
                "?1, ended_ms = ?1 WHERE state = 'running' AND lease_until_ms < ?1 "
                "RETURNING " SLUICE_TASK_COLUMNS));
  stmt->bind_int(1, now_ms);
  return tasks_of(stmt);
}

Result<int> SqliteRunStore::clear(int64_t run, const std::vector<std::string>& tasks,
                                  int64_t now_ms) {
  (void)now_ms;  // clearing records no time: the next attempt's start does
  std::lock_guard lock(mu_);
  auto cleared = in_write_transaction([&] { return clear_locked(run, tasks); });
  if (!cleared.ok()) return cleared.status().with_context("clear");
  return cleared;
}

Result<int> SqliteRunStore::clear_locked(int64_t run, const std::vector<std::string>& tasks) {
  SLUICE_ASSIGN_OR_RETURN(auto requeue,
                          statement("UPDATE workflow_runs SET state = 'queued', ended_ms = NULL "
                                    "WHERE id = ?1 RETURNING id"));
  requeue->bind_int(1, run);
  SLUICE_ASSIGN_OR_RETURN(bool found, moved(requeue));
  if (!found) return Status::not_found(fmt::format("no run with id {}", run));
  SLUICE_ASSIGN_OR_RETURN(
      auto reset,
      statement("UPDATE task_instances SET state = 'none', owner = '', lease_until_ms = 0, "
                "ready_at_ms = 0, started_ms = NULL, ended_ms = NULL, max_attempts = attempt + "
                "1 + retries WHERE run = ?1 AND task = ?2 RETURNING run"));
  int count = 0;
  for (const std::string& task : tasks) {
    reset->bind_int(1, run);
    reset->bind_text(2, task);
    SLUICE_ASSIGN_OR_RETURN(bool moved_one, moved(reset));
    count += moved_one ? 1 : 0;
  }
  return count;
}

}  // namespace sluice::schedule
