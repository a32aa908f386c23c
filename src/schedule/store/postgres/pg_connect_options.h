// The libpq connection parameters of `scheduler.postgres` (core/config.h): the connection
// string from its environment variable or file, or host, port, database and user with the
// password from its file or variable. Secrets are read here, when the store is made, and no
// message ever holds one.
#pragma once

#include "core/config.h"
#include "core/config_interpolate.h"
#include "core/status.h"
#include "schedule/store/postgres/pg_connection.h"

namespace sluice::schedule {

// kInvalidArgument naming the key (scheduler.postgres.dsn_file, ...) when a secret cannot be
// read; `env` resolves dsn_env and password_env (process_env() outside tests).
Result<PgConnectParams> postgres_connect_params(const PostgresStoreConfig& config,
                                                const EnvLookup& env);

}  // namespace sluice::schedule
