// WalCheckpointer: committed WAL frames reach the database file on its thread, after a poke and
// (once more) when it is destroyed.
#include "sink/sqlite/wal_checkpointer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

namespace sluice::sqlite {
namespace {

class WalCheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sluice_ckpt_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "t.db").string();
    auto db = Database::open(path_);
    ASSERT_TRUE(db.ok()) << db.status().to_string();
    writer_ = std::move(db).value();
    // As the sink sets it up: WAL, and no checkpoints inside the writer's commits.
    ASSERT_TRUE(writer_->exec("PRAGMA journal_mode=WAL").ok());
    ASSERT_TRUE(writer_->exec("PRAGMA wal_autocheckpoint=0").ok());
    ASSERT_TRUE(writer_->exec("CREATE TABLE t (v TEXT)").ok());
    ASSERT_TRUE(writer_->exec("BEGIN").ok());
    for (int i = 0; i < 2000; ++i) {
      ASSERT_TRUE(
          writer_->exec("INSERT INTO t VALUES (printf('%0200d', " + std::to_string(i) + "))").ok());
    }
    ASSERT_TRUE(writer_->exec("COMMIT").ok());
  }
  void TearDown() override {
    writer_.reset();
    std::filesystem::remove_all(dir_);
  }
  uintmax_t db_file_bytes() const { return std::filesystem::file_size(path_); }

  std::filesystem::path dir_;
  std::string path_;
  std::unique_ptr<Database> writer_;
};

TEST_F(WalCheckpointerTest, APokeCopiesCommittedFramesIntoTheDatabaseFile) {
  const uintmax_t before = db_file_bytes();  // the rows are still only in the WAL
  auto checkpointer = WalCheckpointer::start(path_);
  ASSERT_TRUE(checkpointer.ok()) << checkpointer.status().to_string();
  (*checkpointer)->poke();
  // Waits for the thread, however slow the machine; the assertion is on the file, not the time.
  for (int i = 0; i < 60000 && (*checkpointer)->runs() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ASSERT_GE((*checkpointer)->runs(), 1);
  EXPECT_GT(db_file_bytes(), before + 2000 * 200);
}

TEST_F(WalCheckpointerTest, DestroyingItRunsALastCheckpoint) {
  const uintmax_t before = db_file_bytes();
  {
    auto checkpointer = WalCheckpointer::start(path_);
    ASSERT_TRUE(checkpointer.ok()) << checkpointer.status().to_string();
    EXPECT_EQ((*checkpointer)->runs(), 0);  // never poked
  }
  EXPECT_GT(db_file_bytes(), before + 2000 * 200);
}

}  // namespace
}  // namespace sluice::sqlite
