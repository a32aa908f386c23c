#include "schedule/store/sqlite/sqlite_run_store.h"

#include <fmt/format.h>

#include <filesystem>
#include <system_error>
#include <utility>

#include "schedule/store/row_decode.h"
#include "schedule/store/sqlite/sqlite_row.h"
#include "schedule/store/sqlite/sqlite_run_schema.h"
#include "schedule/store/store_checks.h"

namespace sluice::schedule {

SqliteRunStore::SqliteRunStore(std::string path) : path_(std::move(path)) {}

Status SqliteRunStore::open() {
  std::lock_guard lock(mu_);
  const std::filesystem::path folder = std::filesystem::path(path_).parent_path();
  std::error_code ec;
  if (!folder.empty()) std::filesystem::create_directories(folder, ec);
  if (ec) {
    return Status::io_error(
        fmt::format("run store: cannot create {}: {}", folder.string(), ec.message()));
  }
  SLUICE_ASSIGN_OR_RETURN(db_, sqlite::Database::open(path_));
  return ensure_sqlite_run_schema(*db_);
}

Status SqliteRunStore::batch(const std::function<Status()>& body) {
  bool outer = false;
  {
    std::lock_guard lock(mu_);
    if (db_ == nullptr) return Status::invalid_argument("run store: used before open()");
    if (!in_batch_) {
      SLUICE_RETURN_IF_ERROR(db_->exec("BEGIN IMMEDIATE").with_context("batch"));
      in_batch_ = true;
      outer = true;
    }
  }
  Status s = body();     // without mu_: its calls take it
  if (!outer) return s;  // joined the batch already open
  std::lock_guard lock(mu_);
  in_batch_ = false;
  Status committed = db_->exec("COMMIT");
  if (!committed.ok()) {
    (void)db_->exec("ROLLBACK");
    return committed.with_context("batch");
  }
  return s;
}

Result<sqlite::Statement*> SqliteRunStore::statement(const char* sql) {
  if (db_ == nullptr) return Status::invalid_argument("run store: used before open()");
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    SLUICE_ASSIGN_OR_RETURN(sqlite::Statement prepared, db_->prepare(sql));
    it = statements_.emplace(sql, std::move(prepared)).first;
  }
  // An earlier call may have returned before stepping its statement to the end.
  it->second.reset();
  return &it->second;
}

Result<std::vector<WorkflowRun>> SqliteRunStore::runs_of(sqlite::Statement* stmt) {
  std::vector<WorkflowRun> runs;
  while (true) {
    SLUICE_ASSIGN_OR_RETURN(bool row, stmt->step());
    if (!row) break;
    SLUICE_ASSIGN_OR_RETURN(WorkflowRun run, decode_run(SqliteRow{*stmt}));
    runs.push_back(std::move(run));
  }
  return runs;
}

Result<std::vector<TaskInstance>> SqliteRunStore::tasks_of(sqlite::Statement* stmt) {
  std::vector<TaskInstance> tasks;
  while (true) {
    SLUICE_ASSIGN_OR_RETURN(bool row, stmt->step());
    if (!row) break;
    SLUICE_ASSIGN_OR_RETURN(TaskInstance task, decode_task(SqliteRow{*stmt}));
    tasks.push_back(std::move(task));
  }
  return tasks;
}

Result<WorkflowRun> SqliteRunStore::one_run(sqlite::Statement* stmt, std::string_view what) {
  SLUICE_ASSIGN_OR_RETURN(std::vector<WorkflowRun> runs, runs_of(stmt));
  if (runs.empty()) return Status::not_found(fmt::format("no run {}", what));
  return std::move(runs.front());
}

// The first column of the statement's one row (nullopt for no row or NULL), and the statement
// reset: a statement left stepped holds its read transaction open, and a connection whose
// snapshot is older than another connection's commit cannot write any more (SQLITE_BUSY at
// once, without the busy handler) until it lets go.
Result<std::optional<int64_t>> SqliteRunStore::one_int(sqlite::Statement* stmt) {
  auto row = stmt->step();
  std::optional<int64_t> value;
  if (row.ok() && *row && !stmt->column_is_null(0)) value = stmt->column_int(0);
  stmt->reset();
  if (!row.ok()) return row.status();
  return value;
}

// A compare-and-set UPDATE ... RETURNING: true when it returned a row.
Result<bool> SqliteRunStore::moved(sqlite::Statement* stmt) {
  SLUICE_ASSIGN_OR_RETURN(bool row, stmt->step());
  stmt->reset();
  return row;
}

// ---- Runs ----

Result<CreatedRun> SqliteRunStore::create_run(const NewRun& run) {
  SLUICE_RETURN_IF_ERROR(check_new_run(run));
  std::lock_guard lock(mu_);
  auto created = in_write_transaction([&] { return create_run_locked(run); });
  if (!created.ok()) return created.status().with_context("create_run");
  return created;
}

Result<CreatedRun> SqliteRunStore::create_run_locked(const NewRun& run) {
  SLUICE_ASSIGN_OR_RETURN(auto find, statement("SELECT " SLUICE_RUN_COLUMNS
                                               " FROM workflow_runs WHERE workflow = ?1 AND "
                                               "logical_date_ms = ?2"));
  find->bind_text(1, run.workflow);
  find->bind_int(2, run.logical_date_ms);
  SLUICE_ASSIGN_OR_RETURN(std::vector<WorkflowRun> existing, runs_of(find));
  if (!existing.empty()) return CreatedRun{std::move(existing.front()), false};

  const std::string run_id = make_run_id(run.kind, run.logical_date_ms);
  const std::string params = params_to_json(run.params);
  SLUICE_ASSIGN_OR_RETURN(
      auto insert,
      statement("INSERT INTO workflow_runs (run_id, workflow, logical_date_ms, "
                "data_interval_end_ms, kind, params, state, created_ms) VALUES (?1, ?2, ?3, ?4, "
                "?5, ?6, 'queued', ?7) RETURNING " SLUICE_RUN_COLUMNS));
  insert->bind_text(1, run_id);
  insert->bind_text(2, run.workflow);
  insert->bind_int(3, run.logical_date_ms);
  insert->bind_int(4, run.data_interval_end_ms);
  insert->bind_text(5, run_kind_name(run.kind));
  insert->bind_text(6, params);
  insert->bind_int(7, run.now_ms);
  SLUICE_ASSIGN_OR_RETURN(WorkflowRun made, one_run(insert, "inserted"));

  SLUICE_ASSIGN_OR_RETURN(auto task,
                          statement("INSERT INTO task_instances (run, task, position, state, "
                                    "max_attempts, retries, ready_at_ms) VALUES (?1, ?2, ?3, "
                                    "CASE ?6 WHEN 1 THEN 'queued' ELSE 'none' END, ?4, ?5, "
                                    "CASE ?6 WHEN 1 THEN ?7 ELSE 0 END)"));
  for (size_t i = 0; i < run.tasks.size(); ++i) {
    task->bind_int(1, made.id);
    task->bind_text(2, run.tasks[i].name);
    task->bind_int(3, static_cast<int64_t>(i));
    task->bind_int(4, 1 + run.tasks[i].retries);
    task->bind_int(5, run.tasks[i].retries);
    task->bind_int(6, run.tasks[i].queued ? 1 : 0);
    task->bind_int(7, run.ready_at_ms);
    SLUICE_RETURN_IF_ERROR(task->run());
  }
  return CreatedRun{std::move(made), true};
}

Result<WorkflowRun> SqliteRunStore::get_run(int64_t id) {
  std::lock_guard lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(
      auto stmt, statement("SELECT " SLUICE_RUN_COLUMNS " FROM workflow_runs WHERE id = ?1"));
  stmt->bind_int(1, id);
  return one_run(stmt, fmt::format("with id {}", id));
}

Result<WorkflowRun> SqliteRunStore::find_run(std::string_view workflow, std::string_view run_id) {
  std::lock_guard lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(auto stmt,
                          statement("SELECT " SLUICE_RUN_COLUMNS
                                    " FROM workflow_runs WHERE workflow = ?1 AND run_id = ?2"));
  stmt->bind_text(1, workflow);
  stmt->bind_text(2, run_id);
  return one_run(stmt, fmt::format("{} of workflow {}", run_id, workflow));
}

Result<std::vector<WorkflowRun>> SqliteRunStore::list_runs(std::string_view workflow, int limit,
                                                           int offset) {
  SLUICE_RETURN_IF_ERROR(check_page("list_runs", limit, offset));
  std::lock_guard lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(
      auto stmt, statement("SELECT " SLUICE_RUN_COLUMNS
                           " FROM workflow_runs WHERE workflow = ?1 ORDER BY logical_date_ms DESC "
                           "LIMIT ?2 OFFSET ?3"));
  stmt->bind_text(1, workflow);
  stmt->bind_int(2, limit);
  stmt->bind_int(3, offset);
  return runs_of(stmt);
}

Result<RunPage> SqliteRunStore::query_runs(std::string_view workflow, std::optional<RunState> state,
                                           int limit, int offset) {
  SLUICE_RETURN_IF_ERROR(check_page("query_runs", limit, offset));
  std::lock_guard lock(mu_);
  // ?2 is NULL for any state.
  auto bind_filter = [&](sqlite::Statement* stmt) {
    stmt->bind_text(1, workflow);
    if (state) {
      stmt->bind_text(2, run_state_name(*state));
    } else {
      stmt->bind_null(2);
    }
  };
  SLUICE_ASSIGN_OR_RETURN(
      auto page, statement("SELECT " SLUICE_RUN_COLUMNS
                           " FROM workflow_runs WHERE workflow = ?1 AND (?2 IS NULL OR state = ?2) "
                           "ORDER BY logical_date_ms DESC LIMIT ?3 OFFSET ?4"));
  bind_filter(page);
  page->bind_int(3, limit);
  page->bind_int(4, offset);
  RunPage out;
  SLUICE_ASSIGN_OR_RETURN(out.runs, runs_of(page));
  SLUICE_ASSIGN_OR_RETURN(auto count,
                          statement("SELECT count(*) FROM workflow_runs WHERE workflow = ?1 AND "
                                    "(?2 IS NULL OR state = ?2)"));
  bind_filter(count);
  SLUICE_ASSIGN_OR_RETURN(auto total, one_int(count));
  out.total = total.value_or(0);
  return out;
}

Result<std::vector<WorkflowRun>> SqliteRunStore::active_runs(int limit) {
  SLUICE_RETURN_IF_ERROR(check_page("active_runs", limit, 0));
  std::lock_guard lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(
      auto stmt, statement("SELECT " SLUICE_RUN_COLUMNS
                           " FROM workflow_runs WHERE state IN ('queued', 'running') ORDER BY "
                           "logical_date_ms, id LIMIT ?1"));
  stmt->bind_int(1, limit);
  return runs_of(stmt);
}

Result<std::optional<int64_t>> SqliteRunStore::latest_scheduled_date(std::string_view workflow) {
  std::lock_guard lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(auto stmt,
                          statement("SELECT max(logical_date_ms) FROM workflow_runs WHERE "
                                    "workflow = ?1 AND kind = 'scheduled'"));
  stmt->bind_text(1, workflow);
  return one_int(stmt);
}

Result<int> SqliteRunStore::count_active_runs(std::string_view workflow) {
  std::lock_guard lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(auto stmt, statement("SELECT count(*) FROM workflow_runs WHERE "
                                               "workflow = ?1 AND state IN ('queued', "
                                               "'running')"));
  stmt->bind_text(1, workflow);
  SLUICE_ASSIGN_OR_RETURN(auto count, one_int(stmt));
  return static_cast<int>(count.value_or(0));
}

Result<bool> SqliteRunStore::set_run_state(int64_t run, RunState from, RunState to,
                                           int64_t now_ms) {
  std::lock_guard lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(
      auto stmt, statement("UPDATE workflow_runs SET state = ?3, started_ms = CASE WHEN ?3 = "
                           "'running' THEN coalesce(started_ms, ?4) ELSE started_ms END, "
                           "ended_ms = CASE WHEN ?3 IN ('success', 'failed') THEN ?4 END "
                           "WHERE id = ?1 AND state = ?2 RETURNING id"));
  stmt->bind_int(1, run);
  stmt->bind_text(2, run_state_name(from));
  stmt->bind_text(3, run_state_name(to));
  stmt->bind_int(4, now_ms);
  return moved(stmt);
}

// ---- Attempt logs ----

Status SqliteRunStore::append_log(int64_t run, std::string_view task, int attempt,
                                  std::string_view text) {
  SLUICE_RETURN_IF_ERROR(check_name("append_log", "the task name", task));
  std::lock_guard lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(auto stmt, statement("INSERT INTO task_logs (run, task, attempt, text) "
                                               "VALUES (?1, ?2, ?3, ?4)"));
  stmt->bind_int(1, run);
  stmt->bind_text(2, task);
  stmt->bind_int(3, attempt);
  stmt->bind_text(4, text);
  return stmt->run().with_context("append_log");
}

Result<std::string> SqliteRunStore::read_log(int64_t run, std::string_view task, int attempt) {
  std::lock_guard lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(auto stmt, statement("SELECT text FROM task_logs WHERE run = ?1 AND "
                                               "task = ?2 AND attempt = ?3 ORDER BY id"));
  stmt->bind_int(1, run);
  stmt->bind_text(2, task);
  stmt->bind_int(3, attempt);
  std::string log;
  while (true) {
    SLUICE_ASSIGN_OR_RETURN(bool row, stmt->step());
    if (!row) break;
    log += stmt->column_text(0);
  }
  return log;
}

Result<std::vector<int>> SqliteRunStore::log_attempts(int64_t run, std::string_view task) {
  std::lock_guard lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(auto stmt, statement("SELECT DISTINCT attempt FROM task_logs WHERE "
                                               "run = ?1 AND task = ?2 ORDER BY attempt"));
  stmt->bind_int(1, run);
  stmt->bind_text(2, task);
  std::vector<int> attempts;
  while (true) {
    SLUICE_ASSIGN_OR_RETURN(bool row, stmt->step());
    if (!row) break;
    attempts.push_back(static_cast<int>(stmt->column_int(0)));
  }
  return attempts;
}

// ---- Workflows ----

Status SqliteRunStore::set_paused(std::string_view workflow, bool paused, int64_t now_ms) {
  SLUICE_RETURN_IF_ERROR(check_name("set_paused", "the workflow name", workflow));
  std::lock_guard lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(
      auto stmt, statement("INSERT INTO workflow_state (workflow, paused, updated_ms) VALUES "
                           "(?1, ?2, ?3) ON CONFLICT (workflow) DO UPDATE SET paused = "
                           "excluded.paused, updated_ms = excluded.updated_ms"));
  stmt->bind_text(1, workflow);
  stmt->bind_int(2, paused ? 1 : 0);
  stmt->bind_int(3, now_ms);
  return stmt->run().with_context("set_paused");
}

Result<std::optional<bool>> SqliteRunStore::paused(std::string_view workflow) {
  std::lock_guard lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(auto stmt,
                          statement("SELECT paused FROM workflow_state WHERE workflow = ?1"));
  stmt->bind_text(1, workflow);
  SLUICE_ASSIGN_OR_RETURN(auto paused, one_int(stmt));
  if (!paused) return std::optional<bool>();
  return std::optional<bool>(*paused != 0);
}

Result<std::map<std::string, bool>> SqliteRunStore::paused_flags() {
  std::lock_guard lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(auto stmt, statement("SELECT workflow, paused FROM workflow_state"));
  std::map<std::string, bool> flags;
  while (true) {
    SLUICE_ASSIGN_OR_RETURN(bool row, stmt->step());
    if (!row) break;
    flags[std::string(stmt->column_text(0))] = stmt->column_int(1) != 0;
  }
  return flags;
}

}  // namespace sluice::schedule
