// WalCheckpointer: committed WAL frames reach the database file on its thread, after a poke and
// (once more) when it is destroyed.
#include "sink/sqlite/wal_checkpointer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "../test_dir.h"

namespace sluice::sqlite {
namespace {

class WalCheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_test_dir("sluice_ckpt_test");
    path_ = (dir_ / "t.db").string();
    auto db = Database::open(path_);
    ASSERT_TRUE(db.ok()) << db.status().to_string();
    writer_ = std::move(db).value();
    // As the sink sets it up: WAL, and no checkpoints inside the writer's commits.
    ASSERT_TRUE(writer_->exec("PRAGMA journal_mode=WAL").ok());
    ASSERT_TRUE(writer_->exec("PRAGMA wal_autocheckpoint=0").ok());
    ASSERT_TRUE(writer_->exec("CREATE TABLE t (v TEXT)").ok());
    insert_rows(2000);
  }
  void TearDown() override {
    writer_.reset();
    std::filesystem::remove_all(dir_);
  }
  uintmax_t db_file_bytes() const { return std::filesystem::file_size(path_); }
  void insert_rows(int n) {
    ASSERT_TRUE(writer_->exec("BEGIN").ok());
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(
          writer_->exec("INSERT INTO t VALUES (printf('%0200d', " + std::to_string(i) + "))").ok());
    }
    ASSERT_TRUE(writer_->exec("COMMIT").ok());
  }
  static void wait_for_run(WalCheckpointer& checkpointer, int runs) {
    // Waits for the thread, however slow the machine; assertions are on files, not on time.
    for (int i = 0; i < 60000 && checkpointer.runs() < runs; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ASSERT_GE(checkpointer.runs(), runs);
  }

  static constexpr int kNoRestart = 1 << 30;

  std::filesystem::path dir_;
  std::string path_;
  std::unique_ptr<Database> writer_;
};

TEST_F(WalCheckpointerTest, APokeCopiesCommittedFramesIntoTheDatabaseFile) {
  const uintmax_t before = db_file_bytes();  // the rows are still only in the WAL
  auto checkpointer = WalCheckpointer::start(path_, kNoRestart);
  ASSERT_TRUE(checkpointer.ok()) << checkpointer.status().to_string();
  (*checkpointer)->poke();
  wait_for_run(**checkpointer, 1);
  EXPECT_GT(db_file_bytes(), before + 2000 * 200);
}

TEST_F(WalCheckpointerTest, ABigWalStartsOverWhileTheWriterKeepsWriting) {
  // A writer that hardly pauses: PASSIVE checkpoints alone rarely find every frame copied when
  // the next transaction starts, so the WAL file only grew (318 MB in a 300k-record run). With
  // a restart past 50 frames it is reused from its beginning and stays a fraction of what was
  // written.
  ASSERT_TRUE(writer_->exec("PRAGMA journal_size_limit=0").ok());
  auto checkpointer = WalCheckpointer::start(path_, 50);
  ASSERT_TRUE(checkpointer.ok()) << checkpointer.status().to_string();
  std::atomic<bool> done{false};
  std::atomic<int> transactions{0};
  std::thread writer([&] {
    while (!done.load()) {
      insert_rows(100);  // ~20 KB a transaction
      ++transactions;
      (*checkpointer)->poke();
      // Between transactions the processor judges the next group; a short gap like that is
      // what lets a RESTART in (it waits for the writer, the writer does not wait for it).
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  wait_for_run(**checkpointer, 6);  // five restarts' worth of writing, at least
  done = true;
  writer.join();
  const uintmax_t written = static_cast<uintmax_t>(transactions.load()) * 100 * 200;
  const uintmax_t wal = std::filesystem::file_size(path_ + "-wal");
  EXPECT_LT(wal, written / 2) << transactions.load() << " transactions";
}

TEST_F(WalCheckpointerTest, DestroyingItRunsALastCheckpoint) {
  const uintmax_t before = db_file_bytes();
  {
    auto checkpointer = WalCheckpointer::start(path_, kNoRestart);
    ASSERT_TRUE(checkpointer.ok()) << checkpointer.status().to_string();
    EXPECT_EQ((*checkpointer)->runs(), 0);  // never poked
  }
  EXPECT_GT(db_file_bytes(), before + 2000 * 200);
}

}  // namespace
}  // namespace sluice::sqlite
