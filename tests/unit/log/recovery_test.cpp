// Recovery on open: torn and corrupt tails are cut to the last whole batch; damage that is
// not a tail is refused with the file and byte; transactions are all-or-nothing across
// partitions after a crash (fault points abort a forked child mid-publish).
#include <gtest/gtest.h>

#include <cstdlib>

#include "log/embedded/embedded_log.h"
#include "log/embedded/format.h"
#include "log_test_util.h"

namespace sluice {
namespace {

using testing::file_size;
using testing::flip_byte;
using testing::make_records;
using testing::numbered;
using testing::open_log;
using testing::read_all;
using testing::read_bytes;
using testing::segment_path;
using testing::TempDir;
using testing::test_config;
using testing::write_bytes;

// Three publishes of 5 records to a one-partition log: three batches, cursors c1..c3.
// Returns the byte size after each batch.
std::vector<int64_t> three_batches(const LogConfig& config) {
  std::vector<int64_t> sizes;
  auto log = open_log(config);
  for (int i = 1; i <= 3; ++i) {
    EXPECT_TRUE(log->publish(make_records(numbered("b", i), 5), numbered("c", i)).ok());
    sizes.push_back(file_size(segment_path(config, 0)));
  }
  return sizes;
}

void expect_state(const LogConfig& config, int64_t end, const std::string& cursor) {
  auto log = open_log(config);
  ASSERT_TRUE(log);
  EXPECT_EQ(*log->end_offset(0), end);
  EXPECT_EQ(*log->last_cursor(), cursor);
  EXPECT_EQ(static_cast<int64_t>(read_all(*log, 0).size()), end);
  // And the log accepts new publishes after the cut, numbered on from it.
  ASSERT_TRUE(log->publish(make_records("after", 1), "next").ok());
  EXPECT_EQ(*log->end_offset(0), end + 1);
  EXPECT_EQ(read_all(*log, 0, end).front().key, "after-0");
}

TEST(LogRecovery, ChecksumMismatch) {
  TempDir tmp;
  auto config = test_config(tmp.path(), 1);
  auto sizes = three_batches(config);
  flip_byte(segment_path(config, 0), sizes[2] - 3);  // inside the last batch's payload
  // The last batch is cut; its transaction is no longer covered, so the cursor steps back too.
  expect_state(config, 10, "c2");
}

TEST(LogRecovery, TruncatedTail) {
  TempDir tmp;
  auto config = test_config(tmp.path(), 1);
  auto sizes = three_batches(config);
  std::string bytes = read_bytes(segment_path(config, 0));
  write_bytes(segment_path(config, 0), bytes.substr(0, sizes[2] - 50));
  {
    auto log = open_log(config);
    ASSERT_TRUE(log);
    EXPECT_EQ(*log->end_offset(0), 10);
    EXPECT_EQ(*log->last_cursor(), "c2");
  }
  EXPECT_EQ(file_size(segment_path(config, 0)), sizes[1]);
  expect_state(config, 10, "c2");
}

TEST(LogRecovery, TornBatchHeader) {
  TempDir tmp;
  auto config = test_config(tmp.path(), 1);
  auto sizes = three_batches(config);
  // A crash while writing a fourth batch left 20 bytes of its header.
  std::string bytes = read_bytes(segment_path(config, 0));
  write_bytes(segment_path(config, 0), bytes + bytes.substr(0, 20));
  {
    auto log = open_log(config);
    ASSERT_TRUE(log);
    EXPECT_EQ(*log->end_offset(0), 15);
    EXPECT_EQ(*log->last_cursor(), "c3");
  }
  EXPECT_EQ(file_size(segment_path(config, 0)), sizes[2]);  // the torn header was cut
}

TEST(LogRecovery, CutTailIsExactlyTheLastWholeBatch) {
  TempDir tmp;
  auto config = test_config(tmp.path(), 1);
  auto sizes = three_batches(config);
  std::string bytes = read_bytes(segment_path(config, 0));
  write_bytes(segment_path(config, 0), bytes.substr(0, sizes[2] - 1));
  ASSERT_TRUE(open_log(config));
  EXPECT_EQ(file_size(segment_path(config, 0)), sizes[1]);
}

TEST(LogRecovery, CorruptMiddleSegment) {
  TempDir tmp;
  auto config = test_config(tmp.path(), 1);
  config.segment_bytes = 4096;
  {
    auto log = open_log(config);
    for (int i = 0; i < 10; ++i) {
      ASSERT_TRUE(log->publish(make_records(numbered("m", i), 2, 1000), "").ok());
    }
  }
  // The first segment is sealed (others follow): damage there is never a torn tail.
  const std::string first = segment_path(config, 0);
  flip_byte(first, 100);
  auto log = EmbeddedLog::open(config);
  ASSERT_FALSE(log.ok());
  EXPECT_EQ(log.status().code(), StatusCode::kCorruption);
  const std::string& m = log.status().message();
  EXPECT_NE(m.find(first), std::string::npos) << m;
  EXPECT_NE(m.find("checksum mismatch at byte 0"), std::string::npos) << m;
  EXPECT_NE(m.find("sealed segment"), std::string::npos) << m;
}

TEST(LogRecovery, DamageFollowedByAValidBatchIsRefused) {
  TempDir tmp;
  auto config = test_config(tmp.path(), 1);
  auto sizes = three_batches(config);
  flip_byte(segment_path(config, 0), sizes[0] + 60);  // inside the second of three batches
  auto log = EmbeddedLog::open(config);
  ASSERT_FALSE(log.ok());
  EXPECT_EQ(log.status().code(), StatusCode::kCorruption);
  EXPECT_NE(log.status().message().find(numbered("at byte ", sizes[0])), std::string::npos)
      << log.status().to_string();
  EXPECT_NE(log.status().message().find("followed by a valid batch"), std::string::npos);
  // Nothing was cut: the evidence stays for whoever repairs it.
  EXPECT_EQ(file_size(segment_path(config, 0)), sizes[2]);
}

TEST(LogRecovery, BadHeaderMagicFollowedByAValidBatchIsRefused) {
  TempDir tmp;
  auto config = test_config(tmp.path(), 1);
  auto sizes = three_batches(config);
  flip_byte(segment_path(config, 0), sizes[0]);  // the second batch's magic
  EXPECT_EQ(EmbeddedLog::open(config).status().code(), StatusCode::kCorruption);
}

TEST(LogRecovery, TornCommitRecordFallsBackToThePreviousTransaction) {
  TempDir tmp;
  auto config = test_config(tmp.path(), 1);
  three_batches(config);
  const std::string commits = config.dir + "/commits";
  std::string bytes = read_bytes(commits);
  write_bytes(commits, bytes.substr(0, bytes.size() - 4));
  // Transaction 3's record is torn, so it never committed: its batch is cut as well.
  expect_state(config, 10, "c2");
}

TEST(LogRecovery, MissingCommitFileIsCorruption) {
  TempDir tmp;
  auto config = test_config(tmp.path(), 1);
  three_batches(config);
  std::filesystem::remove(config.dir + "/commits");
  EXPECT_EQ(EmbeddedLog::open(config).status().code(), StatusCode::kCorruption);
}

// ---- Crashes at fault points: the child process aborts mid-publish, the parent recovers ----

void publish_and_crash_at(const LogConfig& config, const char* point) {
  ::setenv("SLUICE_FAULT", (std::string(point) + ":crash").c_str(), 1);
  auto log = EmbeddedLog::open(config);
  if (log.ok()) (void)(*log)->publish(make_records("second", 40), "page=3");
  ::unsetenv("SLUICE_FAULT");
}

int64_t total_end(EmbeddedLog& log) {
  int64_t total = 0;
  for (int p = 0; p < log.partition_count(); ++p)
    total += *log.end_offset(p);
  return total;
}

TEST(LogRecoveryDeathTest, TransactionAtomicity) {
  TempDir tmp;
  auto config = test_config(tmp.path(), 4);
  {
    auto log = open_log(config);
    ASSERT_TRUE(log->publish(make_records("first", 40), "page=2").ok());
  }
  EXPECT_DEATH(publish_and_crash_at(config, "log.after_append_before_commit"),
               "crashing at log.after_append_before_commit");
  // The child wrote batches for "second" to every partition but no commit record.
  auto log = open_log(config);
  ASSERT_TRUE(log);
  EXPECT_EQ(*log->last_cursor(), "page=2");
  EXPECT_EQ(total_end(*log), 40);
  for (int p = 0; p < 4; ++p) {
    for (const auto& e : read_all(*log, p))
      EXPECT_EQ(e.key.rfind("first-", 0), 0u) << e.key;
  }
  // Resuming publishes the page once.
  ASSERT_TRUE(log->publish(make_records("second", 40), "page=3").ok());
  EXPECT_EQ(total_end(*log), 80);
}

TEST(LogRecoveryDeathTest, CrashAfterDataSyncBeforeCommitRecord) {
  TempDir tmp;
  auto config = test_config(tmp.path(), 4);
  { ASSERT_TRUE(open_log(config)->publish(make_records("first", 40), "page=2").ok()); }
  EXPECT_DEATH(publish_and_crash_at(config, "log.after_data_sync"), "crashing at");
  auto log = open_log(config);
  EXPECT_EQ(*log->last_cursor(), "page=2");
  EXPECT_EQ(total_end(*log), 40);
}

TEST(LogRecoveryDeathTest, CrashAfterCommitKeepsTheTransaction) {
  TempDir tmp;
  auto config = test_config(tmp.path(), 4);
  { ASSERT_TRUE(open_log(config)->publish(make_records("first", 40), "page=2").ok()); }
  EXPECT_DEATH(publish_and_crash_at(config, "log.after_commit"), "crashing at");
  auto log = open_log(config);
  EXPECT_EQ(*log->last_cursor(), "page=3");
  EXPECT_EQ(total_end(*log), 80);
}

TEST(LogRecoveryDeathTest, FirstTransactionCrashLeavesAnEmptyLog) {
  TempDir tmp;
  auto config = test_config(tmp.path(), 2);
  { ASSERT_TRUE(open_log(config)); }
  EXPECT_DEATH(publish_and_crash_at(config, "log.after_append_before_commit"), "crashing at");
  auto log = open_log(config);
  EXPECT_EQ(*log->last_cursor(), "");
  EXPECT_EQ(total_end(*log), 0);
  EXPECT_EQ(file_size(segment_path(config, 0)), 0);
  EXPECT_EQ(file_size(segment_path(config, 1)), 0);
}

}  // namespace
}  // namespace sluice
