// Consumer offsets: atomic replacement (temp, fsync, rename), so a crash leaves the previous
// commit or the new one, and damage is reported, never read as a wrong offset.
#include <gtest/gtest.h>

#include <cstdlib>

#include "log/embedded/embedded_log.h"
#include "log/embedded/offsets_store.h"
#include "log_test_util.h"

namespace sluice {
namespace {

using testing::flip_byte;
using testing::open_log;
using testing::read_bytes;
using testing::TempDir;
using testing::test_config;
using testing::write_bytes;

using Offsets = std::map<int, int64_t>;

TEST(LogOffsets, CommitFetchRoundTrip) {
  TempDir tmp;
  auto log = open_log(test_config(tmp.path()));
  EXPECT_TRUE(log->fetch_offsets("g")->empty());  // never committed
  ASSERT_TRUE(log->commit_offsets("g", {{0, 10}, {3, 42}}).ok());
  ASSERT_TRUE(log->commit_offsets("other.group-2", {{1, 1}}).ok());
  EXPECT_EQ(*log->fetch_offsets("g"), (Offsets{{0, 10}, {3, 42}}));
  ASSERT_TRUE(log->commit_offsets("g", {{0, 11}, {3, 42}}).ok());
  EXPECT_EQ(*log->fetch_offsets("g"), (Offsets{{0, 11}, {3, 42}}));
  EXPECT_EQ(*log->fetch_offsets("other.group-2"), (Offsets{{1, 1}}));
}

TEST(LogOffsets, RejectsBadGroupsAndPartitions) {
  TempDir tmp;
  auto log = open_log(test_config(tmp.path()));
  EXPECT_EQ(log->commit_offsets("../evil", {{0, 1}}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(log->commit_offsets("", {{0, 1}}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(log->commit_offsets("g", {{9, 1}}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(log->commit_offsets("g", {{0, -1}}).code(), StatusCode::kInvalidArgument);
}

TEST(LogOffsets, LeftoverTempFileIsIgnoredAndRemoved) {
  TempDir tmp;
  auto config = test_config(tmp.path());
  { ASSERT_TRUE(open_log(config)->commit_offsets("g", {{0, 5}}).ok()); }
  // A crash between writing the temp file and renaming it: a complete but unpublished commit.
  const std::string dir = config.dir + "/offsets";
  write_bytes(dir + "/g.off.tmp", read_bytes(dir + "/g.off"));
  auto log = open_log(config);
  EXPECT_EQ(*log->fetch_offsets("g"), (Offsets{{0, 5}}));
  EXPECT_FALSE(std::filesystem::exists(dir + "/g.off.tmp"));
}

TEST(LogOffsets, TornTempFileNeverReplacesTheCommittedOne) {
  TempDir tmp;
  auto config = test_config(tmp.path());
  { ASSERT_TRUE(open_log(config)->commit_offsets("g", {{0, 5}, {1, 6}}).ok()); }
  const std::string dir = config.dir + "/offsets";
  write_bytes(dir + "/g.off.tmp", "sluice-offsets 1\n0 9");  // cut mid-write
  auto log = open_log(config);
  EXPECT_EQ(*log->fetch_offsets("g"), (Offsets{{0, 5}, {1, 6}}));
  ASSERT_TRUE(log->commit_offsets("g", {{0, 7}, {1, 8}}).ok());
  EXPECT_EQ(*log->fetch_offsets("g"), (Offsets{{0, 7}, {1, 8}}));
}

TEST(LogOffsets, DamagedOffsetsFileIsCorruptionNotAWrongOffset) {
  TempDir tmp;
  auto config = test_config(tmp.path());
  auto log = open_log(config);
  ASSERT_TRUE(log->commit_offsets("g", {{0, 123456}}).ok());
  const std::string path = config.dir + "/offsets/g.off";
  flip_byte(path, 20);  // a digit of the offset
  auto got = log->fetch_offsets("g");
  EXPECT_EQ(got.status().code(), StatusCode::kCorruption);
  EXPECT_NE(got.status().message().find(path), std::string::npos);
  write_bytes(path, "sluice-offsets 1\n0 12");  // half a file (no checksum line)
  EXPECT_EQ(log->fetch_offsets("g").status().code(), StatusCode::kCorruption);
}

TEST(LogOffsetsDeathTest, CrashBeforeRenameKeepsThePreviousOffsets) {
  TempDir tmp;
  auto config = test_config(tmp.path());
  { ASSERT_TRUE(open_log(config)->commit_offsets("g", {{0, 5}}).ok()); }
  EXPECT_DEATH(
      {
        ::setenv("SLUICE_FAULT", "log.offsets.after_temp_write:crash", 1);
        auto log = EmbeddedLog::open(config);
        if (log.ok()) (void)(*log)->commit_offsets("g", {{0, 99}});
      },
      "crashing at log.offsets.after_temp_write");
  auto log = open_log(config);
  EXPECT_EQ(*log->fetch_offsets("g"), (Offsets{{0, 5}}));
}

}  // namespace
}  // namespace sluice
