// The SQLite store's tables (docs/workflows.md, "Run history"), created or upgraded in one
// write transaction, so that two processes opening one file at once create them once.
#pragma once

#include "core/status.h"
#include "sink/sqlite/sqlite_db.h"

namespace sluice::schedule {

// The version this build writes; a file at a higher one is refused.
inline constexpr int kSqliteRunSchemaVersion = 1;

Status ensure_sqlite_run_schema(sqlite::Database& db);

}  // namespace sluice::schedule
