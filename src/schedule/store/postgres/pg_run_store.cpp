#include "schedule/store/postgres/pg_run_store.h"

#include <utility>

#include "schedule/store/postgres/pg_rows.h"
#include "schedule/store/postgres/pg_run_schema.h"
#include "schedule/store/row_decode.h"
#include "schedule/store/store_checks.h"

namespace sluice::schedule {

PgRunStore::PgRunStore(PgConnectParams params, std::string schema)
    : schema_(std::move(schema)),
      // Notices ("already exists, skipping") would go to stderr: only warnings and worse.
      conn_(std::move(params),
            fmt::format("SET search_path TO \"{}\"; SET client_min_messages TO warning", schema_)) {
}

// One transaction for the batch: one commit (and one WAL flush) instead of one per change. A
// connection lost inside it loses the batch's changes; the calls after it run on their own.
Status PgRunStore::batch(const std::function<Status()>& body) {
  bool outer = false;
  {
    std::lock_guard lock(mu_);
    if (!opened_) return Status::invalid_argument("batch: used before open()");
    if (!in_batch_) {
      SLUICE_RETURN_IF_ERROR(conn_.command("BEGIN").with_context("batch"));
      in_batch_ = true;
      outer = true;
    }
  }
  Status s = body();     // without mu_: its calls take it
  if (!outer) return s;  // joined the batch already open
  std::lock_guard lock(mu_);
  in_batch_ = false;
  // After an error PostgreSQL ends the transaction with ROLLBACK whatever is sent.
  Status committed = conn_.command("COMMIT");
  if (!committed.ok()) {
    if (!conn_.dropped()) (void)conn_.command("ROLLBACK");
    return committed.with_context("batch");
  }
  return s;
}

Status PgRunStore::open() {
  std::lock_guard lock(mu_);
  SLUICE_RETURN_IF_ERROR(ensure_pg_run_schema(conn_, schema_).with_context("open"));
  opened_ = true;
  return {};
}

// ---- Runs ----

Result<CreatedRun> PgRunStore::create_run(const NewRun& run) {
  SLUICE_RETURN_IF_ERROR(check_new_run(run));
  // Safe to repeat: a run the lost attempt made is found by the second.
  return call("create_run", Repeat::kIfDropped,
              [&] { return in_transaction([&] { return insert_run(run); }); });
}

Result<CreatedRun> PgRunStore::insert_run(const NewRun& run) {
  SLUICE_ASSIGN_OR_RETURN(
      PgResult inserted,
      conn_.run("INSERT INTO workflow_runs (run_id, workflow, logical_date_ms, "
                "data_interval_end_ms, kind, params, state, created_ms) VALUES ($1, $2, $3, $4, "
                "$5, $6, 'queued', $7) ON CONFLICT DO NOTHING RETURNING " SLUICE_RUN_COLUMNS,
                PgParams()
                    .add(make_run_id(run.kind, run.logical_date_ms))
                    .add(run.workflow)
                    .add(run.logical_date_ms)
                    .add(run.data_interval_end_ms)
                    .add(run_kind_name(run.kind))
                    .add(params_to_json(run.params))
                    .add(run.now_ms)));
  if (inserted.rows() == 0) {
    // Another scheduler's run: its transaction has committed (ours waited for it), and this
    // statement's snapshot, taken after, sees it.
    SLUICE_ASSIGN_OR_RETURN(
        PgResult found,
        conn_.run("SELECT " SLUICE_RUN_COLUMNS
                  " FROM workflow_runs WHERE workflow = $1 AND logical_date_ms = $2",
                  PgParams().add(run.workflow).add(run.logical_date_ms)));
    SLUICE_ASSIGN_OR_RETURN(WorkflowRun existing, one_run(found, "for (workflow, logical date)"));
    return CreatedRun{std::move(existing), false};
  }
  SLUICE_ASSIGN_OR_RETURN(WorkflowRun made, one_run(inserted, "inserted"));
  std::vector<std::string> names;
  std::vector<int64_t> retries;
  std::vector<int64_t> queued;
  for (const NewTask& task : run.tasks) {
    names.push_back(task.name);
    retries.push_back(task.retries);
    queued.push_back(task.queued ? 1 : 0);
  }
  SLUICE_RETURN_IF_ERROR(
      conn_
          .run("INSERT INTO task_instances (run, task, position, state, max_attempts, retries, "
               "ready_at_ms) SELECT $1, t.name, t.ord - 1, CASE t.queued WHEN 1 THEN 'queued' "
               "ELSE 'none' END, t.retries + 1, t.retries, CASE t.queued WHEN 1 THEN $5::bigint "
               "ELSE 0 END FROM unnest($2::text[], $3::int[], $4::int[]) WITH ORDINALITY AS t "
               "(name, retries, queued, ord)",
               PgParams()
                   .add(made.id)
                   .add(pg_array(names))
                   .add(pg_array(retries))
                   .add(pg_array(queued))
                   .add(run.ready_at_ms))
          .status());
  return CreatedRun{std::move(made), true};
}

Result<WorkflowRun> PgRunStore::get_run(int64_t id) {
  return call("get_run", Repeat::kIfDropped, [&]() -> Result<WorkflowRun> {
    SLUICE_ASSIGN_OR_RETURN(
        PgResult found, conn_.run("SELECT " SLUICE_RUN_COLUMNS " FROM workflow_runs WHERE id = $1",
                                  PgParams().add(id)));
    return one_run(found, fmt::format("with id {}", id));
  });
}

Result<WorkflowRun> PgRunStore::find_run(std::string_view workflow, std::string_view run_id) {
  return call("find_run", Repeat::kIfDropped, [&]() -> Result<WorkflowRun> {
    SLUICE_ASSIGN_OR_RETURN(PgResult found,
                            conn_.run("SELECT " SLUICE_RUN_COLUMNS
                                      " FROM workflow_runs WHERE workflow = $1 AND run_id = $2",
                                      PgParams().add(workflow).add(run_id)));
    return one_run(found, fmt::format("{} of workflow {}", run_id, workflow));
  });
}

Result<std::vector<WorkflowRun>> PgRunStore::list_runs(std::string_view workflow, int limit,
                                                       int offset) {
  SLUICE_RETURN_IF_ERROR(check_page("list_runs", limit, offset));
  return call("list_runs", Repeat::kIfDropped, [&]() -> Result<std::vector<WorkflowRun>> {
    SLUICE_ASSIGN_OR_RETURN(
        PgResult found,
        conn_.run("SELECT " SLUICE_RUN_COLUMNS
                  " FROM workflow_runs WHERE workflow = $1 ORDER BY logical_date_ms DESC LIMIT "
                  "$2 OFFSET $3",
                  PgParams().add(workflow).add(limit).add(offset)));
    return runs_in(found);
  });
}

Result<RunPage> PgRunStore::query_runs(std::string_view workflow, std::optional<RunState> state,
                                       int limit, int offset) {
  SLUICE_RETURN_IF_ERROR(check_page("query_runs", limit, offset));
  return call("query_runs", Repeat::kIfDropped, [&]() -> Result<RunPage> {
    // $2 is NULL for any state.
    auto filter = [&] {
      PgParams params;
      params.add(workflow);
      if (state) {
        params.add(run_state_name(*state));
      } else {
        params.add_null();
      }
      return params;
    };
    SLUICE_ASSIGN_OR_RETURN(
        PgResult found,
        conn_.run("SELECT " SLUICE_RUN_COLUMNS
                  " FROM workflow_runs WHERE workflow = $1 AND ($2::text IS NULL OR state = "
                  "$2::text) ORDER BY logical_date_ms DESC LIMIT $3 OFFSET $4",
                  filter().add(limit).add(offset)));
    RunPage out;
    SLUICE_ASSIGN_OR_RETURN(out.runs, runs_in(found));
    SLUICE_ASSIGN_OR_RETURN(PgResult counted,
                            conn_.run("SELECT count(*) FROM workflow_runs WHERE workflow = $1 "
                                      "AND ($2::text IS NULL OR state = $2::text)",
                                      filter()));
    out.total = counted.integer(0, 0);
    return out;
  });
}

Result<std::vector<WorkflowRun>> PgRunStore::active_runs(int limit) {
  SLUICE_RETURN_IF_ERROR(check_page("active_runs", limit, 0));
  return call("active_runs", Repeat::kIfDropped, [&]() -> Result<std::vector<WorkflowRun>> {
    SLUICE_ASSIGN_OR_RETURN(PgResult found,
                            conn_.run("SELECT " SLUICE_RUN_COLUMNS
                                      " FROM workflow_runs WHERE state IN ('queued', 'running') "
                                      "ORDER BY logical_date_ms, id LIMIT $1",
                                      PgParams().add(limit)));
    return runs_in(found);
  });
}

Result<std::optional<int64_t>> PgRunStore::latest_scheduled_date(std::string_view workflow) {
  return call("latest_scheduled_date", Repeat::kIfDropped, [&]() -> Result<std::optional<int64_t>> {
    SLUICE_ASSIGN_OR_RETURN(
        PgResult found, conn_.run("SELECT max(logical_date_ms) FROM workflow_runs WHERE workflow = "
                                  "$1 AND kind = 'scheduled'",
                                  PgParams().add(workflow)));
    if (found.null(0, 0)) return std::optional<int64_t>();
    return std::optional<int64_t>(found.integer(0, 0));
  });
}

Result<int> PgRunStore::count_active_runs(std::string_view workflow) {
  return call("count_active_runs", Repeat::kIfDropped, [&]() -> Result<int> {
    SLUICE_ASSIGN_OR_RETURN(PgResult found,
                            conn_.run("SELECT count(*) FROM workflow_runs WHERE workflow = $1 "
                                      "AND state IN ('queued', 'running')",
                                      PgParams().add(workflow)));
    return static_cast<int>(found.integer(0, 0));
  });
}

Result<bool> PgRunStore::set_run_state(int64_t run, RunState from, RunState to, int64_t now_ms) {
  return call("set_run_state", Repeat::kNo, [&]() -> Result<bool> {
    SLUICE_ASSIGN_OR_RETURN(
        PgResult moved,
        conn_.run(
            "UPDATE workflow_runs SET state = $3::text, started_ms = CASE WHEN $3::text = "
            "'running' THEN coalesce(started_ms, $4::bigint) ELSE started_ms END, "
            "ended_ms = CASE WHEN $3::text IN ('success', 'failed') THEN $4::bigint END "
            "WHERE id = $1 AND state = $2 RETURNING id",
            PgParams().add(run).add(run_state_name(from)).add(run_state_name(to)).add(now_ms)));
    return moved.rows() == 1;
  });
}

// ---- Attempt logs ----

Status PgRunStore::append_log(int64_t run, std::string_view task, int attempt,
                              std::string_view text) {
  SLUICE_RETURN_IF_ERROR(check_name("append_log", "the task name", task));
  return call("append_log", Repeat::kNo, [&] {
    return conn_
        .run("INSERT INTO task_logs (run, task, attempt, text) VALUES ($1, $2, $3, $4)",
             PgParams().add(run).add(task).add(attempt).add(text))
        .status();
  });
}

Result<std::string> PgRunStore::read_log(int64_t run, std::string_view task, int attempt) {
  return call("read_log", Repeat::kIfDropped, [&]() -> Result<std::string> {
    SLUICE_ASSIGN_OR_RETURN(PgResult found,
                            conn_.run("SELECT text FROM task_logs WHERE run = $1 AND task = $2 "
                                      "AND attempt = $3 ORDER BY id",
                                      PgParams().add(run).add(task).add(attempt)));
    std::string log;
    for (int i = 0; i < found.rows(); ++i)
      log += found.text(i, 0);
    return log;
  });
}

Result<std::vector<int>> PgRunStore::log_attempts(int64_t run, std::string_view task) {
  return call("log_attempts", Repeat::kIfDropped, [&]() -> Result<std::vector<int>> {
    SLUICE_ASSIGN_OR_RETURN(PgResult found,
                            conn_.run("SELECT DISTINCT attempt FROM task_logs WHERE run = $1 AND "
                                      "task = $2 ORDER BY attempt",
                                      PgParams().add(run).add(task)));
    std::vector<int> attempts;
    attempts.reserve(found.rows());
    for (int i = 0; i < found.rows(); ++i)
      attempts.push_back(static_cast<int>(found.integer(i, 0)));
    return attempts;
  });
}

// ---- Workflows ----

Status PgRunStore::set_paused(std::string_view workflow, bool paused, int64_t now_ms) {
  SLUICE_RETURN_IF_ERROR(check_name("set_paused", "the workflow name", workflow));
  return call("set_paused", Repeat::kIfDropped, [&] {
    return conn_
        .run(
            "INSERT INTO workflow_state (workflow, paused, updated_ms) VALUES ($1, $2, $3) ON "
            "CONFLICT (workflow) DO UPDATE SET paused = excluded.paused, updated_ms = "
            "excluded.updated_ms",
            PgParams().add(workflow).add(paused ? "true" : "false").add(now_ms))
        .status();
  });
}

Result<std::optional<bool>> PgRunStore::paused(std::string_view workflow) {
  return call("paused", Repeat::kIfDropped, [&]() -> Result<std::optional<bool>> {
    SLUICE_ASSIGN_OR_RETURN(PgResult found,
                            conn_.run("SELECT paused FROM workflow_state WHERE workflow = $1",
                                      PgParams().add(workflow)));
    if (found.rows() == 0) return std::optional<bool>();
    return std::optional<bool>(found.text(0, 0) == "t");
  });
}

Result<std::map<std::string, bool>> PgRunStore::paused_flags() {
  return call("paused_flags", Repeat::kIfDropped, [&]() -> Result<std::map<std::string, bool>> {
    SLUICE_ASSIGN_OR_RETURN(PgResult found,
                            conn_.run("SELECT workflow, paused FROM workflow_state", PgParams()));
    std::map<std::string, bool> flags;
    for (int i = 0; i < found.rows(); ++i)
      flags[std::string(found.text(i, 0))] = found.text(i, 1) == "t";
    return flags;
  });
}

}  // namespace sluice::schedule
