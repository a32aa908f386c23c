// PgRunStore's task instance calls: the compare-and-sets, claim, leases and clear.
#include <set>

#include "schedule/store/postgres/pg_rows.h"
#include "schedule/store/postgres/pg_run_store.h"
#include "schedule/store/row_decode.h"
#include "schedule/store/store_checks.h"

namespace sluice::schedule {

Result<std::vector<TaskInstance>> PgRunStore::task_instances(int64_t run) {
  return call("task_instances", Repeat::kIfDropped, [&]() -> Result<std::vector<TaskInstance>> {
    SLUICE_ASSIGN_OR_RETURN(PgResult found,
                            conn_.run("SELECT " SLUICE_TASK_COLUMNS
                                      " FROM task_instances WHERE run = $1 ORDER BY position",
                                      PgParams().add(run)));
    return tasks_in(found);
  });
}

Result<TaskInstance> PgRunStore::task_instance(int64_t run, std::string_view task) {
  return call("task_instance", Repeat::kIfDropped, [&]() -> Result<TaskInstance> {
    SLUICE_ASSIGN_OR_RETURN(
        PgResult found,
        conn_.run("SELECT " SLUICE_TASK_COLUMNS " FROM task_instances WHERE run = $1 AND task = $2",
                  PgParams().add(run).add(task)));
    SLUICE_ASSIGN_OR_RETURN(std::vector<TaskInstance> tasks, tasks_in(found));
    if (tasks.empty()) return Status::not_found(fmt::format("no task {} in run {}", task, run));
    return std::move(tasks.front());
  });
}

Result<bool> PgRunStore::transition(int64_t run, std::string_view task, TaskState from,
                                    TaskState to, int64_t now_ms, int64_t retry_at_ms) {
  SLUICE_RETURN_IF_ERROR(check_transition(from, to));
  return call("transition", Repeat::kNo, [&]() -> Result<bool> {
    SLUICE_ASSIGN_OR_RETURN(
        PgResult moved,
        conn_.run("UPDATE task_instances SET state = $4::text, ready_at_ms = CASE $4::text WHEN "
                  "'queued' THEN $5::bigint WHEN 'up_for_retry' THEN $6::bigint ELSE ready_at_ms "
                  "END, ended_ms = CASE WHEN $4::text IN ('success', 'failed', "
                  "'upstream_failed', 'skipped') THEN $5::bigint ELSE ended_ms END WHERE run = $1 "
                  "AND task = $2 AND state = $3::text RETURNING run",
                  PgParams()
                      .add(run)
                      .add(task)
                      .add(task_state_name(from))
                      .add(task_state_name(to))
                      .add(now_ms)
                      .add(retry_at_ms)));
    return moved.rows() == 1;
  });
}

Result<std::vector<TaskInstance>> PgRunStore::claim(const ClaimRequest& request) {
  SLUICE_RETURN_IF_ERROR(check_claim(request));
  return call("claim", Repeat::kNo,
              [&] { return in_transaction([&] { return claim_in_transaction(request); }); });
}

Result<std::vector<TaskInstance>> PgRunStore::claim_in_transaction(const ClaimRequest& request) {
  // SKIP LOCKED passes over rows another claimer holds; a row it locks after another claimer
  // committed is checked against the WHERE again, as it is now, so a taken row drops out.
  PgParams params;
  params.add(request.owner).add(request.now_ms).add(request.lease_ms).add(request.max);
  if (request.workflows.empty()) {
    params.add_null();
  } else {
    params.add(pg_array(request.workflows));
  }
  SLUICE_ASSIGN_OR_RETURN(
      PgResult taken,
      conn_.run(
          "WITH picked AS (SELECT t.id FROM task_instances t JOIN workflow_runs r ON r.id "
          "= t.run WHERE t.state IN ('queued', 'up_for_retry') AND (t.state = 'queued' OR "
          "t.ready_at_ms <= $2::bigint) AND NOT EXISTS (SELECT 1 FROM workflow_state w "
          "WHERE w.workflow = r.workflow AND w.paused) AND ($5::text[] IS NULL OR r.workflow = "
          "ANY($5::text[])) ORDER BY t.ready_at_ms, t.id LIMIT "
          "$4 FOR UPDATE OF t SKIP LOCKED) "
          "UPDATE task_instances t SET state = 'running', attempt = t.attempt + 1, owner = "
          "$1, lease_until_ms = $2::bigint + $3::bigint, started_ms = $2::bigint, ended_ms "
          "= NULL FROM picked WHERE t.id = picked.id RETURNING " SLUICE_TASK_COLUMNS,
          params));
  SLUICE_ASSIGN_OR_RETURN(std::vector<TaskInstance> claimed, tasks_in(taken));
  std::set<int64_t> runs;
  for (const TaskInstance& t : claimed)
    runs.insert(t.run);
  if (runs.empty()) return claimed;
  // Runs are locked in id order: two claimers starting the same runs cannot deadlock.
  SLUICE_RETURN_IF_ERROR(
      conn_
          .run("UPDATE workflow_runs SET state = 'running', started_ms = coalesce(started_ms, "
               "$2::bigint) WHERE id IN (SELECT id FROM workflow_runs WHERE id = "
               "ANY($1::bigint[]) AND state = 'queued' ORDER BY id FOR UPDATE)",
               PgParams()
                   .add(pg_array(std::vector<int64_t>(runs.begin(), runs.end())))
                   .add(request.now_ms))
          .status());
  return claimed;
}

Result<std::vector<AttemptKey>> PgRunStore::heartbeat(std::string_view owner, int64_t now_ms,
                                                      int64_t lease_ms) {
  SLUICE_RETURN_IF_ERROR(check_lease("heartbeat", owner, lease_ms));
  // Safe to repeat: it sets the same lease again.
  return call("heartbeat", Repeat::kIfDropped, [&]() -> Result<std::vector<AttemptKey>> {
    SLUICE_ASSIGN_OR_RETURN(PgResult held,
                            conn_.run("UPDATE task_instances SET lease_until_ms = $2::bigint "
                                      "WHERE owner = $1 AND state = 'running' RETURNING run, "
                                      "task, attempt",
                                      PgParams().add(owner).add(now_ms + lease_ms)));
    std::vector<AttemptKey> keys;
    keys.reserve(held.rows());
    for (int i = 0; i < held.rows(); ++i) {
      keys.push_back({held.integer(i, 0), std::string(held.text(i, 1)),
                      static_cast<int>(held.integer(i, 2)), std::string(owner)});
    }
    return keys;
  });
}

Result<bool> PgRunStore::finish(const AttemptKey& attempt, TaskState to, int64_t now_ms,
                                int64_t retry_at_ms) {
  SLUICE_RETURN_IF_ERROR(check_finish(attempt, to));
  return call("finish", Repeat::kNo, [&]() -> Result<bool> {
    SLUICE_ASSIGN_OR_RETURN(
        PgResult moved,
        conn_.run("UPDATE task_instances SET state = $5::text, owner = '', lease_until_ms = 0, "
                  "ended_ms = $6::bigint, ready_at_ms = CASE $5::text WHEN 'up_for_retry' THEN "
                  "$7::bigint ELSE ready_at_ms END WHERE run = $1 AND task = $2 AND attempt = $3 "
                  "AND owner = $4 AND state = 'running' RETURNING run",
                  PgParams()
                      .add(attempt.run)
                      .add(attempt.task)
                      .add(attempt.attempt)
                      .add(attempt.owner)
                      .add(task_state_name(to))
                      .add(now_ms)
                      .add(retry_at_ms)));
    return moved.rows() == 1;
  });
}

Result<std::vector<TaskInstance>> PgRunStore::requeue_expired(int64_t now_ms) {
  return call("requeue_expired", Repeat::kNo, [&]() -> Result<std::vector<TaskInstance>> {
    SLUICE_ASSIGN_OR_RETURN(
        PgResult moved,
        conn_.run("UPDATE task_instances SET state = CASE WHEN attempt < max_attempts THEN "
                  "'up_for_retry' ELSE 'failed' END, owner = '', lease_until_ms = 0, "
                  "ready_at_ms = $1::bigint, ended_ms = $1::bigint WHERE state = 'running' AND "
                  "lease_until_ms < $1::bigint RETURNING " SLUICE_TASK_COLUMNS,
                  PgParams().add(now_ms)));
    return tasks_in(moved);
  });
}

Result<int> PgRunStore::clear(int64_t run, const std::vector<std::string>& tasks, int64_t now_ms) {
  (void)now_ms;  // clearing records no time: the next attempt's start does
  return call("clear", Repeat::kNo,
              [&] { return in_transaction([&] { return clear_in_transaction(run, tasks); }); });
}

Result<int> PgRunStore::clear_in_transaction(int64_t run, const std::vector<std::string>& tasks) {
  // Task rows first, then the run's: the order claim locks them in.
  SLUICE_ASSIGN_OR_RETURN(
      PgResult reset,
      conn_.run("UPDATE task_instances SET state = 'none', owner = '', lease_until_ms = 0, "
                "ready_at_ms = 0, started_ms = NULL, ended_ms = NULL, max_attempts = attempt + 1 "
                "+ retries WHERE run = $1 AND task = ANY($2::text[]) RETURNING task",
                PgParams().add(run).add(pg_array(tasks))));
  SLUICE_ASSIGN_OR_RETURN(PgResult requeued,
                          conn_.run("UPDATE workflow_runs SET state = 'queued', ended_ms = NULL "
                                    "WHERE id = $1 RETURNING id",
                                    PgParams().add(run)));
  if (requeued.rows() == 0) return Status::not_found(fmt::format("no run with id {}", run));
  return reset.rows();
}

}  // namespace sluice::schedule
