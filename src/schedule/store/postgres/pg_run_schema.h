// The PostgreSQL store's tables (docs/workflows.md, "Run history"), created or upgraded in one
// transaction under an advisory lock of the schema's name, so that schedulers opening one
// database at once create them once (CREATE ... IF NOT EXISTS alone races in the catalog).
#pragma once

#include <string>

#include "core/status.h"
#include "schedule/store/postgres/pg_connection.h"

namespace sluice::schedule {

// The version this build writes; a schema at a higher one is refused.
inline constexpr int kPgRunSchemaVersion = 1;

// `schema` is a plain lower-case name (the config checks it; checked again here).
Status ensure_pg_run_schema(PgConnection& conn, const std::string& schema);

}  // namespace sluice::schedule
