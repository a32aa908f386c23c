// A publish failing with an I/O error (fault points log.append, log.segment_roll, log.fsync) is
// not acknowledged, and the next publish undoes what it left, so the log goes on without a
// reopen once the fault is gone; a reopen then finds nothing to cut.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "log/embedded/embedded_log.h"
#include "log_test_util.h"

namespace sluice {
namespace {

using testing::make_records;
using testing::open_log;
using testing::read_all;
using testing::TempDir;
using testing::test_config;

int64_t total_end(EmbeddedLog& log) {
  int64_t total = 0;
  for (int p = 0; p < log.partition_count(); ++p)
    total += *log.end_offset(p);
  return total;
}

void expect_undone_then_resumes(const char* point, FsyncPolicy policy) {
  SCOPED_TRACE(std::string(point) + " " + std::string(fsync_policy_name(policy)));
  TempDir tmp;
  auto config = test_config(tmp.path(), 2, policy);
  config.segment_bytes = 4096;  // every few publishes roll
  {
    auto log = open_log(config);
    ASSERT_TRUE(log);
    ASSERT_TRUE(log->publish(make_records("a", 20), "page=1").ok());
    ::setenv("SLUICE_FAULT", (std::string(point) + ":fail").c_str(), 1);
    Status failed = Status::ok_status();
    std::string failed_cursor;
    // Each publish fills a segment (4 KiB): the roll point is reached on the next one.
    for (int i = 0; i < 3 && failed.ok(); ++i) {
      failed_cursor = "page=b" + std::to_string(i);
      failed = log->publish(make_records(failed_cursor, 40), failed_cursor);
    }
    ::unsetenv("SLUICE_FAULT");
    ASSERT_EQ(failed.code(), StatusCode::kIoError) << failed.to_string();
    EXPECT_NE(failed.message().find(point), std::string::npos) << failed.to_string();
    const int64_t visible = total_end(*log);
    const std::string cursor = *log->last_cursor();
    EXPECT_NE(cursor, failed_cursor);  // the failed page is not acknowledged
    ASSERT_TRUE(log->publish(make_records("c", 30), "page=9").ok());
    EXPECT_EQ(total_end(*log), visible + 30);
    EXPECT_EQ(*log->last_cursor(), "page=9");
  }
  auto reopened = open_log(config);
  ASSERT_TRUE(reopened);
  EXPECT_EQ(*reopened->last_cursor(), "page=9");
  int64_t read = 0;
  for (int p = 0; p < 2; ++p)
    read += static_cast<int64_t>(read_all(*reopened, p).size());
  EXPECT_EQ(read, total_end(*reopened));
}

TEST(FailedPublish, AppendFailureIsUndoneByTheNextPublish) {
  expect_undone_then_resumes("log.append", FsyncPolicy::kBatch);
  expect_undone_then_resumes("log.append", FsyncPolicy::kInterval);
}

TEST(FailedPublish, FsyncFailureIsUndoneByTheNextPublish) {
  expect_undone_then_resumes("log.fsync", FsyncPolicy::kBatch);
  expect_undone_then_resumes("log.fsync", FsyncPolicy::kInterval);
}

TEST(FailedPublish, SegmentRollFailureIsUndoneByTheNextPublish) {
  expect_undone_then_resumes("log.segment_roll", FsyncPolicy::kBatch);
  expect_undone_then_resumes("log.segment_roll", FsyncPolicy::kNever);
}

}  // namespace
}  // namespace sluice
