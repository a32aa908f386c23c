// The RunStore contract (tests/unit/contract/run_store_contract.h, run_store_many_contract.h) on
// the real PostgreSQL, and what only the PostgreSQL store does: reconnecting, its errors, a newer
// schema refused. The server is the one of $SLUICE_RUN_STORE_DSN (a libpq connection string); each
// test works in a schema of its own, dropped at its end. tests/services/test_run_store_postgres.py
// runs each case; a missing DSN or an unreachable server fails them (nothing is skipped).
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <utility>

#include "../unit/contract/run_store_contract.h"
#include "../unit/contract/run_store_many_contract.h"
#include "core/config.h"
#include "schedule/store/postgres/pg_run_store.h"
#include "schedule/store/run_store.h"

namespace sluice::contract {
namespace {

constexpr const char* kDsnEnv = "SLUICE_RUN_STORE_DSN";

std::string dsn() {
  const char* value = std::getenv(kDsnEnv);
  if (value == nullptr || *value == '\0') {
    ADD_FAILURE() << kDsnEnv << " is not set (a libpq connection string to the test server)";
    return "";
  }
  return value;
}

// Runs `sql` on a connection of its own; "" when it worked, else PostgreSQL's message.
std::string admin(const std::string& sql, const std::string& conninfo = dsn()) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  std::string problem;
  if (PQstatus(conn) != CONNECTION_OK) {
    problem = PQerrorMessage(conn);
  } else {
    PQclear(PQexec(conn, "SET client_min_messages TO warning"));
    PGresult* r = PQexec(conn, sql.c_str());
    const ExecStatusType status = PQresultStatus(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) problem = PQerrorMessage(conn);
    PQclear(r);
  }
  PQfinish(conn);
  return problem;
}

std::string fresh_schema() {
  static int made = 0;
  return "run_store_test_" + std::to_string(::getpid()) + "_" + std::to_string(made++);
}

class PostgresRunStoreFactory {
 public:
  PostgresRunStoreFactory() : schema_(fresh_schema()) {}
  ~PostgresRunStoreFactory() {
    const std::string problem = admin("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    if (!problem.empty()) ADD_FAILURE() << "dropping " << schema_ << ": " << problem;
  }
  PostgresRunStoreFactory(const PostgresRunStoreFactory&) = delete;
  PostgresRunStoreFactory& operator=(const PostgresRunStoreFactory&) = delete;

  // Through make_run_store, as `sluice scheduler` will make it.
  std::unique_ptr<RunStore> make() {
    SchedulerConfig config;
    config.store = RunStoreKind::kPostgres;
    config.postgres.dsn_env = kDsnEnv;
    config.postgres.schema = schema_;
    auto store = schedule::make_run_store(config, "");
    if (!store.ok()) {
      ADD_FAILURE() << store.status().to_string();
      return std::make_unique<schedule::PgRunStore>(schedule::PgConnectParams{}, schema_);
    }
    return std::move(store).value();
  }
  std::pair<std::string, std::string> claimer_target() const { return {"postgres", schema_}; }
  const std::string& schema() const { return schema_; }

 private:
  std::string schema_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, RunStoreContract, PostgresRunStoreFactory);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, RunStoreManyContract, PostgresRunStoreFactory);

TEST(PostgresRunStore, ADroppedConnectionIsMadeAnew) {
  PostgresRunStoreFactory factory;
  // An application_name of its own, to find this store's backend and no other.
  const std::string app = "sluice_reconnect_" + std::to_string(::getpid());
  schedule::PgRunStore pg({{"dbname", dsn() + " application_name=" + app}}, factory.schema());
  RunStore& store = pg;
  ASSERT_TRUE(store.open().ok());
  auto made =
      store.create_run({"wf", kMay1, kMay1 + kDay, RunKind::kScheduled, {}, {{"t0", 0}}, 1});
  ASSERT_TRUE(made.ok()) << made.status().to_string();
  const std::string kill =
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" + app +
      "'";

  // A read is repeated at once on a new connection.
  ASSERT_EQ(admin(kill), "");
  auto read = store.get_run(made->run.id);
  ASSERT_TRUE(read.ok()) << read.status().to_string();
  EXPECT_EQ(read->run_id, made->run.run_id);

  // A change is not (its outcome is unknown): kUnavailable, and the next call reconnects.
  ASSERT_EQ(admin(kill), "");
  auto moved = store.transition(made->run.id, "t0", TaskState::kNone, TaskState::kQueued, 5);
  EXPECT_EQ(moved.status().code(), StatusCode::kUnavailable) << moved.status().to_string();
  EXPECT_NE(moved.status().message().find("transition: "), std::string::npos)
      << moved.status().to_string();
  moved = store.transition(made->run.id, "t0", TaskState::kNone, TaskState::kQueued, 5);
  ASSERT_TRUE(moved.ok()) << moved.status().to_string();
  EXPECT_TRUE(*moved);
}

TEST(PostgresRunStore, ErrorsNameTheOperationAndPostgresButNeverThePassword) {
  const std::string secret = "pw-never-shown-7731";
  // Nothing listens on port 1.
  schedule::PgRunStore unreachable(
      {{"host", "127.0.0.1"}, {"port", "1"}, {"user", "u"}, {"password", secret}}, "public");
  Status s = unreachable.open();
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_NE(s.message().find("open: connecting to PostgreSQL: "), std::string::npos)
      << s.to_string();
  EXPECT_EQ(s.message().find(secret), std::string::npos) << s.to_string();

  schedule::PgRunStore no_database(
      {{"dbname", dsn()}, {"dbname", "sluice_no_such_database"}, {"password", secret}}, "public");
  s = no_database.open();
  EXPECT_NE(s.message().find("\"sluice_no_such_database\" does not exist"), std::string::npos)
      << s.to_string();
  EXPECT_EQ(s.message().find(secret), std::string::npos) << s.to_string();
}

TEST(PostgresRunStore, RefusesASchemaOfANewerVersion) {
  PostgresRunStoreFactory factory;
  ASSERT_TRUE(factory.make()->open().ok());
  ASSERT_EQ(admin("UPDATE " + factory.schema() + ".run_store_schema SET version = 42"), "");
  Status s = factory.make()->open();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("at version 42, newer than this build's 1"), std::string::npos)
      << s.to_string();
}

}  // namespace
}  // namespace sluice::contract
