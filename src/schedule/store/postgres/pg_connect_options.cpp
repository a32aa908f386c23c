#include "schedule/store/postgres/pg_connect_options.h"

#include <fmt/format.h>

#include "core/log_secrets.h"
#include "core/secret_source.h"

namespace sluice::schedule {
namespace {

// The key under scheduler.postgres, for errors.
std::string pg_key(std::string_view key) {
  return fmt::format("scheduler.postgres.{}", key);
}

}  // namespace

Result<PgConnectParams> postgres_connect_params(const PostgresStoreConfig& config,
                                                const EnvLookup& env) {
  PgConnectParams params;
  // First, so that a connection string's own keys override it (expand_dbname expands "dbname"
  // where it stands).
  params.emplace_back("application_name", "sluice-scheduler");
  if (!config.dsn_env.empty()) {
    SLUICE_ASSIGN_OR_RETURN(std::string dsn,
                            read_secret_env(pg_key("dsn_env"), config.dsn_env, env));
    params.emplace_back("dbname", std::move(dsn));
  } else if (!config.dsn_file.empty()) {
    SLUICE_ASSIGN_OR_RETURN(std::string dsn, read_secret_file(pg_key("dsn_file"), config.dsn_file));
    params.emplace_back("dbname", std::move(dsn));
  } else {
    params.emplace_back("host", config.host);
    params.emplace_back("port", std::to_string(config.port));
    params.emplace_back("dbname", config.database);
    params.emplace_back("user", config.user);
    if (!config.password_file.empty()) {
      SLUICE_ASSIGN_OR_RETURN(std::string password,
                              read_secret_file(pg_key("password_file"), config.password_file));
      params.emplace_back("password", std::move(password));
    } else if (!config.password_env.empty()) {
      SLUICE_ASSIGN_OR_RETURN(std::string password,
                              read_secret_env(pg_key("password_env"), config.password_env, env));
      params.emplace_back("password", std::move(password));
    }
  }
  // A connection string may hold a password (password=..., or user:password@ in a URI): the
  // whole string is masked in logs, as is a password given on its own.
  const bool from_dsn = !config.dsn_env.empty() || !config.dsn_file.empty();
  for (const auto& [key, value] : params)
    if (key == "password" || (from_dsn && key == "dbname")) register_log_secret(value);
  // libpq waits whole seconds (at least 2 are honoured).
  params.emplace_back("connect_timeout", std::to_string((config.connect_timeout_ms + 999) / 1000));
  return params;
}

}  // namespace sluice::schedule
