// scheduler.postgres as libpq parameters: where the connection string and the password come
// from, and that no error shows a secret.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "../test_dir.h"
#include "schedule/store/postgres/pg_connect_options.h"

namespace sluice::schedule {
namespace {

EnvLookup env_of(const std::map<std::string, std::string>& vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::map<std::string, std::string> as_map(const PgConnectParams& params) {
  return {params.begin(), params.end()};
}

TEST(PgConnectParams, ConnectionStringFromTheEnvironment) {
  PostgresStoreConfig config;
  config.dsn_env = "SCHED_DSN";
  auto params = postgres_connect_params(config, env_of({{"SCHED_DSN", "host=db password=pw"}}));
  ASSERT_TRUE(params.ok()) << params.status().to_string();
  auto m = as_map(*params);
  EXPECT_EQ(m["dbname"], "host=db password=pw");
  EXPECT_EQ(m["application_name"], "sluice-scheduler");
  EXPECT_EQ(m["connect_timeout"], "10");
  EXPECT_EQ(m.count("host"), 0U);
  // application_name before the connection string, so that the string's own wins.
  EXPECT_EQ(params->front().first, "application_name");

  auto missing = postgres_connect_params(config, env_of({}));
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(missing.status().message(),
            "scheduler.postgres.dsn_env: the environment variable SCHED_DSN is not set or empty");
}

TEST(PgConnectParams, HostDatabaseUserAndAPasswordFile) {
  const auto dir = testing::fresh_test_dir("sluice_pg_params");
  std::ofstream(dir / "pw") << "s3cret-pw\nsecond line\n";
  PostgresStoreConfig config;
  config.host = "10.1.2.3";
  config.port = 6543;
  config.database = "runs";
  config.user = "sched";
  config.password_file = (dir / "pw").string();
  config.connect_timeout_ms = 2500;
  auto params = postgres_connect_params(config, env_of({}));
  ASSERT_TRUE(params.ok()) << params.status().to_string();
  auto m = as_map(*params);
  EXPECT_EQ(m["host"], "10.1.2.3");
  EXPECT_EQ(m["port"], "6543");
  EXPECT_EQ(m["dbname"], "runs");
  EXPECT_EQ(m["user"], "sched");
  EXPECT_EQ(m["password"], "s3cret-pw");
  EXPECT_EQ(m["connect_timeout"], "3");

  std::ofstream(dir / "empty") << "\n";
  config.password_file = (dir / "empty").string();
  auto empty = postgres_connect_params(config, env_of({}));
  EXPECT_EQ(empty.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(empty.status().message().find("scheduler.postgres.password_file"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(PgConnectParams, APasswordFromTheEnvironmentIsNeverInAMessage) {
  PostgresStoreConfig config;
  config.host = "h";
  config.database = "d";
  config.user = "u";
  config.password_env = "PGPW";
  auto params = postgres_connect_params(config, env_of({{"PGPW", "hunter2"}}));
  ASSERT_TRUE(params.ok());
  EXPECT_EQ(as_map(*params)["password"], "hunter2");
  config.dsn_file = "/nonexistent/dsn";
  config.dsn_env.clear();
  auto unreadable = postgres_connect_params(config, env_of({{"PGPW", "hunter2"}}));
  ASSERT_FALSE(unreadable.ok());
  EXPECT_NE(unreadable.status().message().find("scheduler.postgres.dsn_file: cannot read "
                                               "/nonexistent/dsn"),
            std::string::npos)
      << unreadable.status().to_string();
  EXPECT_EQ(unreadable.status().message().find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace sluice::schedule
