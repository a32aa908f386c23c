// The RunStore contract (tests/unit/contract/run_store_contract.h, run_store_many_contract.h) on
// SQLite, and what only the SQLite store does: its file, its default path, a newer schema refused.
#include "schedule/store/sqlite/sqlite_run_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <string>
#include <utility>

#include "../contract/run_store_contract.h"
#include "../contract/run_store_many_contract.h"
#include "../test_dir.h"
#include "schedule/store/run_store.h"

namespace sluice::contract {
namespace {

class SqliteRunStoreFactory {
 public:
  SqliteRunStoreFactory() : dir_(fresh_dir()) {}
  ~SqliteRunStoreFactory() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  SqliteRunStoreFactory(const SqliteRunStoreFactory&) = delete;
  SqliteRunStoreFactory& operator=(const SqliteRunStoreFactory&) = delete;

  std::unique_ptr<RunStore> make() { return std::make_unique<schedule::SqliteRunStore>(path()); }
  std::pair<std::string, std::string> claimer_target() const { return {"sqlite", path()}; }
  std::string path() const { return (dir_ / "state" / "scheduler.db").string(); }

 private:
  // Each factory a folder of its own: a test may make a second one (a second database).
  static std::filesystem::path fresh_dir() {
    static int made = 0;
    return testing::fresh_test_dir("sluice_run_store_sqlite_" + std::to_string(made++));
  }
  std::filesystem::path dir_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, RunStoreContract, SqliteRunStoreFactory);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, RunStoreManyContract, SqliteRunStoreFactory);

TEST(SqliteRunStore, RefusesAFileOfANewerSchemaVersion) {
  SqliteRunStoreFactory factory;
  ASSERT_TRUE(factory.make()->open().ok());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(factory.path().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE run_store_schema SET version = 99", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  Status s = factory.make()->open();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("schema version 99, newer than this build's 1"), std::string::npos)
      << s.to_string();
}

TEST(SqliteRunStore, CallsBeforeOpenAreRefused) {
  schedule::SqliteRunStore store("/nonexistent/never-opened.db");
  EXPECT_EQ(store.get_run(1).status().code(), StatusCode::kInvalidArgument);
}

TEST(RunStoreFactory, SqliteDefaultsToSchedulerDbInTheDataDir) {
  const auto dir = testing::fresh_test_dir("sluice_run_store_factory");
  SchedulerConfig config;
  auto store = schedule::make_run_store(config, (dir / "data").string());
  ASSERT_TRUE(store.ok()) << store.status().to_string();
  ASSERT_TRUE((*store)->open().ok());
  EXPECT_TRUE(std::filesystem::exists(dir / "data" / "scheduler.db"));
  config.sqlite_path = (dir / "elsewhere.db").string();
  store = schedule::make_run_store(config, (dir / "data").string());
  ASSERT_TRUE(store.ok() && (*store)->open().ok());
  EXPECT_TRUE(std::filesystem::exists(dir / "elsewhere.db"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sluice::contract
