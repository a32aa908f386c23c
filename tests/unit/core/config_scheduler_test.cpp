// `scheduler:` (docs/configuration.md): the store, its path or server, the lease; secrets only
// from files or the environment; each error with its line and key.
#include <gtest/gtest.h>

#include <string>

#include "config_test_util.h"
#include "core/config.h"

namespace sluice {
namespace {

using testing::config_errors;
using testing::expect_one_error;
using testing::kMinimalConfig;

// The scheduler section starts at line 14.
std::string with_scheduler(const std::string& keys) {
  return std::string(kMinimalConfig) + "scheduler:\n" + keys;
}

TEST(ConfigScheduler, DefaultsToSqliteInTheDataDir) {
  PipelineConfig c = load_config_from_string(kMinimalConfig, "x");
  EXPECT_EQ(c.scheduler.store, RunStoreKind::kSqlite);
  EXPECT_EQ(c.scheduler.sqlite_path, "") << "make_run_store puts it in data_dir";
  EXPECT_EQ(c.scheduler.lease_ms, 30000);
  EXPECT_EQ(c.scheduler.postgres.schema, "public");
  EXPECT_EQ(c.scheduler.postgres.port, 5432);
}

TEST(ConfigScheduler, PostgresWithHostAndAPasswordFile) {
  PipelineConfig c = load_config_from_string(with_scheduler("  store: postgres\n"
                                                            "  lease_ms: 10000\n"
                                                            "  postgres:\n"
                                                            "    host: db.internal\n"
                                                            "    port: 6432\n"
                                                            "    database: airflow\n"
                                                            "    user: sched\n"
                                                            "    password_file: /run/pw\n"
                                                            "    schema: sluice_runs\n"
                                                            "    connect_timeout_ms: 3000\n"),
                                             "x");
  EXPECT_EQ(c.scheduler.store, RunStoreKind::kPostgres);
  EXPECT_EQ(c.scheduler.lease_ms, 10000);
  const PostgresStoreConfig& pg = c.scheduler.postgres;
  EXPECT_EQ(pg.host, "db.internal");
  EXPECT_EQ(pg.port, 6432);
  EXPECT_EQ(pg.database, "airflow");
  EXPECT_EQ(pg.user, "sched");
  EXPECT_EQ(pg.password_file, "/run/pw");
  EXPECT_EQ(pg.schema, "sluice_runs");
  EXPECT_EQ(pg.connect_timeout_ms, 3000);
}

TEST(ConfigScheduler, PostgresWithAConnectionStringInTheEnvironment) {
  PipelineConfig c = load_config_from_string(
      with_scheduler("  store: postgres\n  postgres: {dsn_env: SLUICE_SCHEDULER_DSN}\n"), "x");
  EXPECT_EQ(c.scheduler.postgres.dsn_env, "SLUICE_SCHEDULER_DSN");
  c = load_config_from_string(with_scheduler("  sqlite_path: /var/lib/s/runs.db\n"), "x");
  EXPECT_EQ(c.scheduler.sqlite_path, "/var/lib/s/runs.db");
}

TEST(ConfigScheduler, ALiteralPasswordOrConnectionStringIsRefused) {
  ConfigError e = expect_one_error(with_scheduler("  postgres:\n"
                                                  "    host: h\n"
                                                  "    password: hunter2\n"),
                                   17, "scheduler.postgres.password", "never written");
  EXPECT_EQ(e.to_string().find("hunter2"), std::string::npos);
  e = expect_one_error(with_scheduler("  postgres:\n    dsn: \"host=h password=hunter2\"\n"), 16,
                       "scheduler.postgres.dsn", "dsn_env");
  EXPECT_EQ(e.to_string().find("hunter2"), std::string::npos);
}

TEST(ConfigScheduler, PostgresNeedsAWayToConnect) {
  // At the line of the section's first key, where yaml-cpp says the mapping starts.
  expect_one_error(with_scheduler("  store: postgres\n"), 15, "scheduler.postgres", "missing");
  expect_one_error(with_scheduler("  store: postgres\n  postgres: {schema: x}\n"), 16,
                   "scheduler.postgres", "dsn_env or dsn_file");
  auto errors = config_errors(with_scheduler("  store: postgres\n  postgres: {host: h}\n"));
  ASSERT_EQ(errors.size(), 2U);
  EXPECT_EQ(errors[0].key, "scheduler.postgres.database");
  EXPECT_EQ(errors[1].key, "scheduler.postgres.user");
}

TEST(ConfigScheduler, EachBadValueWithItsLineAndKey) {
  expect_one_error(with_scheduler("  store: mysql\n"), 15, "scheduler.store",
                   "\"mysql\" is not one of: sqlite, postgres");
  expect_one_error(with_scheduler("  lease_ms: 10\n"), 15, "scheduler.lease_ms", "1000");
  expect_one_error(with_scheduler("  sqlite_path: \"\"\n"), 15, "scheduler.sqlite_path",
                   "must not be empty");
  expect_one_error(with_scheduler("  leases: 1\n"), 15, "scheduler.leases", "");
  expect_one_error(with_scheduler("  postgres: {dsn_env: A, dsn_file: /f}\n"), 15,
                   "scheduler.postgres.dsn_file", "give one of dsn_env and dsn_file");
  expect_one_error(with_scheduler("  postgres: {dsn_env: A, host: h}\n"), 15,
                   "scheduler.postgres.host", "not both");
  expect_one_error(with_scheduler("  postgres: {password_env: \"1X\"}\n"), 15,
                   "scheduler.postgres.password_env", "name of an environment variable");
  expect_one_error(with_scheduler("  postgres: {schema: Runs}\n"), 15, "scheduler.postgres.schema",
                   "lower-case");
  expect_one_error(with_scheduler("  postgres: {port: 70000}\n"), 15, "scheduler.postgres.port",
                   "65535");
}

}  // namespace
}  // namespace sluice
