#include "schedule/store/sqlite/sqlite_run_schema.h"

#include <fmt/format.h>

#include <string>

namespace sluice::schedule {
namespace {

// kMigrations[v] takes the tables from version v to v + 1. Appended to, never edited: a file
// made by an older build runs the steps it has not seen yet.
constexpr const char* kMigrations[] = {
    // 0 -> 1
    R"sql(
CREATE TABLE workflow_runs (
  -- AUTOINCREMENT: an id is never handed out twice, even after its run is deleted
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id TEXT NOT NULL,
  workflow TEXT NOT NULL,
  logical_date_ms INTEGER NOT NULL,
  data_interval_end_ms INTEGER NOT NULL,
  kind TEXT NOT NULL,
  params TEXT NOT NULL,
  state TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  started_ms INTEGER,
  ended_ms INTEGER,
  UNIQUE (workflow, logical_date_ms),
  UNIQUE (workflow, run_id)
);
CREATE INDEX workflow_runs_by_state ON workflow_runs (state, logical_date_ms);
CREATE TABLE task_instances (
  id INTEGER PRIMARY KEY,
  run INTEGER NOT NULL REFERENCES workflow_runs (id),
  task TEXT NOT NULL,
  position INTEGER NOT NULL,
  state TEXT NOT NULL,
  attempt INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  retries INTEGER NOT NULL,
  owner TEXT NOT NULL DEFAULT '',
  lease_until_ms INTEGER NOT NULL DEFAULT 0,
  ready_at_ms INTEGER NOT NULL DEFAULT 0,
  started_ms INTEGER,
  ended_ms INTEGER,
  UNIQUE (run, task)
);
CREATE INDEX task_instances_ready ON task_instances (state, ready_at_ms);
CREATE INDEX task_instances_owner ON task_instances (owner, state);
CREATE TABLE task_logs (
  id INTEGER PRIMARY KEY,
  run INTEGER NOT NULL,
  task TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX task_logs_by_attempt ON task_logs (run, task, attempt, id);
CREATE TABLE workflow_state (
  workflow TEXT PRIMARY KEY,
  paused INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
);
)sql",
};
static_assert(std::size(kMigrations) == kSqliteRunSchemaVersion);

Result<int> stored_version(sqlite::Database& db) {
  SLUICE_ASSIGN_OR_RETURN(auto stmt, db.prepare("SELECT max(version) FROM run_store_schema"));
  SLUICE_ASSIGN_OR_RETURN(bool row, stmt.step());
  if (!row || stmt.column_is_null(0)) return 0;
  return static_cast<int>(stmt.column_int(0));
}

Status migrate(sqlite::Database& db) {
  SLUICE_RETURN_IF_ERROR(
      db.exec("CREATE TABLE IF NOT EXISTS run_store_schema (version INTEGER NOT NULL)"));
  SLUICE_ASSIGN_OR_RETURN(const int version, stored_version(db));
  if (version > kSqliteRunSchemaVersion) {
    return Status::invalid_argument(
        fmt::format("{}: the run store is at schema version {}, newer than this build's {}",
                    db.path(), version, kSqliteRunSchemaVersion));
  }
  for (int v = version; v < kSqliteRunSchemaVersion; ++v)
    SLUICE_RETURN_IF_ERROR(db.exec(kMigrations[v]));
  if (version == kSqliteRunSchemaVersion) return {};
  SLUICE_RETURN_IF_ERROR(db.exec("DELETE FROM run_store_schema"));
  return db.exec(
      fmt::format("INSERT INTO run_store_schema (version) VALUES ({})", kSqliteRunSchemaVersion));
}

}  // namespace

Status ensure_sqlite_run_schema(sqlite::Database& db) {
  // WAL: the CLI and the API read while the scheduler writes. NORMAL: a commit survives a
  // crash of the process; an OS crash may lose the last commits, never consistency.
  SLUICE_RETURN_IF_ERROR(db.use_wal());
  SLUICE_RETURN_IF_ERROR(db.exec("PRAGMA synchronous=NORMAL"));
  SLUICE_RETURN_IF_ERROR(db.exec("PRAGMA temp_store=MEMORY"));
  // IMMEDIATE takes the write lock first: a second opener waits here and then finds the
  // tables made, instead of both reading "version 0".
  SLUICE_RETURN_IF_ERROR(db.exec("BEGIN IMMEDIATE"));
  Status s = migrate(db);
  if (!s.ok()) {
    (void)db.exec("ROLLBACK");
    return s.with_context("creating the run store's tables");
  }
  return db.exec("COMMIT");
}

}  // namespace sluice::schedule
