// sqlite::Database: a connection that finds the database locked by another one (the
// checkpointer, a CLI reader) waits for the lock instead of failing at once.
#include "sink/sqlite/sqlite_db.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "../test_dir.h"

namespace sluice::sqlite {
namespace {

class SqliteDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_test_dir("sluice_db_test");
    path_ = (dir_ / "t.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::unique_ptr<Database> open() {
    auto db = Database::open(path_);
    EXPECT_TRUE(db.ok()) << db.status().to_string();
    return db.ok() ? std::move(db).value() : nullptr;
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(SqliteDbTest, AWriterWaitsForAnotherConnectionsWriteLock) {
  auto writer = open();
  auto other = open();
  ASSERT_TRUE(writer && other);
  ASSERT_TRUE(writer->exec("PRAGMA journal_mode=WAL").ok());
  ASSERT_TRUE(writer->exec("CREATE TABLE t (v INTEGER)").ok());
  ASSERT_TRUE(other->exec("BEGIN IMMEDIATE").ok());
  ASSERT_TRUE(other->exec("INSERT INTO t VALUES (1)").ok());
  std::thread holder([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(80));
    EXPECT_TRUE(other->exec("COMMIT").ok());
  });
  // Blocked until the other connection commits; it must then get its turn, not SQLITE_BUSY.
  Status begun = writer->exec("BEGIN IMMEDIATE");
  holder.join();
  ASSERT_TRUE(begun.ok()) << begun.to_string();
  ASSERT_TRUE(writer->exec("INSERT INTO t VALUES (2)").ok());
  ASSERT_TRUE(writer->exec("COMMIT").ok());
  auto count = writer->prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(count.ok());
  auto row = count->step();
  ASSERT_TRUE(row.ok() && *row);
  EXPECT_EQ(count->column_int(0), 2);
}

}  // namespace
}  // namespace sluice::sqlite
