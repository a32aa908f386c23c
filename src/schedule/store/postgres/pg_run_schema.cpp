#include "schedule/store/postgres/pg_run_schema.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iterator>

namespace sluice::schedule {
namespace {

// kMigrations[v] takes the tables from version v to v + 1. Appended to, never edited.
constexpr const char* kMigrations[] = {
    // 0 -> 1
    R"sql(
CREATE TABLE workflow_runs (
  id BIGSERIAL PRIMARY KEY,
  run_id TEXT NOT NULL,
  workflow TEXT NOT NULL,
  logical_date_ms BIGINT NOT NULL,
  data_interval_end_ms BIGINT NOT NULL,
  kind TEXT NOT NULL,
  params TEXT NOT NULL,
  state TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  started_ms BIGINT,
  ended_ms BIGINT,
  UNIQUE (workflow, logical_date_ms),
  UNIQUE (workflow, run_id)
);
CREATE INDEX workflow_runs_by_state ON workflow_runs (state, logical_date_ms);
CREATE TABLE task_instances (
  id BIGSERIAL PRIMARY KEY,
  run BIGINT NOT NULL REFERENCES workflow_runs (id),
  task TEXT NOT NULL,
  position INTEGER NOT NULL,
  state TEXT NOT NULL,
  attempt INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  retries INTEGER NOT NULL,
  owner TEXT NOT NULL DEFAULT '',
  lease_until_ms BIGINT NOT NULL DEFAULT 0,
  ready_at_ms BIGINT NOT NULL DEFAULT 0,
  started_ms BIGINT,
  ended_ms BIGINT,
  UNIQUE (run, task)
);
CREATE INDEX task_instances_ready ON task_instances (state, ready_at_ms);
CREATE INDEX task_instances_owner ON task_instances (owner, state);
CREATE TABLE task_logs (
  id BIGSERIAL PRIMARY KEY,
  run BIGINT NOT NULL,
  task TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX task_logs_by_attempt ON task_logs (run, task, attempt, id);
CREATE TABLE workflow_state (
  workflow TEXT PRIMARY KEY,
  paused BOOLEAN NOT NULL,
  updated_ms BIGINT NOT NULL
);
)sql",
};
static_assert(std::size(kMigrations) == kPgRunSchemaVersion);

bool plain_name(const std::string& name) {
  return !name.empty() && name.size() <= 63 && !std::isdigit(static_cast<unsigned char>(name[0])) &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return std::islower(static_cast<unsigned char>(c)) ||
                  std::isdigit(static_cast<unsigned char>(c)) || c == '_';
         });
}

Status migrate(PgConnection& conn, const std::string& schema) {
  // Any fixed number would do as the first key: it keeps our locks apart from other users'.
  SLUICE_RETURN_IF_ERROR(conn.command(
      fmt::format("SELECT pg_advisory_xact_lock(1397511500, hashtext('{}'))", schema)));
  SLUICE_RETURN_IF_ERROR(
      conn.command(fmt::format("CREATE SCHEMA IF NOT EXISTS \"{0}\"; SET LOCAL search_path TO "
                               "\"{0}\"; CREATE TABLE IF NOT EXISTS run_store_schema (version "
                               "INTEGER NOT NULL)",
                               schema)));
  SLUICE_ASSIGN_OR_RETURN(PgResult stored,
                          conn.exec("SELECT coalesce(max(version), 0) FROM run_store_schema"));
  const int version = static_cast<int>(stored.integer(0, 0));
  if (version > kPgRunSchemaVersion) {
    return Status::invalid_argument(
        fmt::format("schema {}: the run store is at version {}, newer than this build's {}", schema,
                    version, kPgRunSchemaVersion));
  }
  for (int v = version; v < kPgRunSchemaVersion; ++v) {
    SLUICE_RETURN_IF_ERROR(conn.command(kMigrations[v]));
  }
  if (version == kPgRunSchemaVersion) return {};
  SLUICE_RETURN_IF_ERROR(
      conn.command(fmt::format("DELETE FROM run_store_schema; INSERT INTO run_store_schema "
                               "(version) VALUES ({})",
                               kPgRunSchemaVersion)));
  return {};
}

}  // namespace

Status ensure_pg_run_schema(PgConnection& conn, const std::string& schema) {
  if (!plain_name(schema)) {
    return Status::invalid_argument(
        fmt::format("scheduler.postgres.schema: \"{}\" is not a plain lower-case name", schema));
  }
  SLUICE_RETURN_IF_ERROR(conn.command("BEGIN"));
  Status s = migrate(conn, schema);
  if (s.ok()) s = conn.command("COMMIT");
  if (s.ok()) return {};
  if (!conn.dropped()) (void)conn.command("ROLLBACK");
  return s.with_context("creating the run store's tables");
}

}  // namespace sluice::schedule
