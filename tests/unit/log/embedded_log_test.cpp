// Behaviour of the embedded log through the Log interface: round trips, reopen, reads at the
// edges, timestamps, roll, retention, locking, fsync policies and concurrent readers.
#include "log/embedded/embedded_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <set>
#include <thread>

#include "log/embedded/segment.h"
#include "log_test_util.h"

namespace sluice {
namespace {

using testing::make_records;
using testing::numbered;
using testing::open_log;
using testing::read_all;
using testing::TempDir;
using testing::test_config;

TEST(EmbeddedLog, AppendReadRoundTrip) {
  TempDir tmp;
  auto log = open_log(test_config(tmp.path()));
  ASSERT_TRUE(log);
  auto records = make_records("user", 200);
  ASSERT_TRUE(log->publish(records, "page=2").ok());

  std::map<std::string, const LogRecord*> by_key;
  for (const auto& r : records)
    by_key[r.key] = &r;
  size_t seen = 0;
  for (int p = 0; p < log->partition_count(); ++p) {
    auto entries = read_all(*log, p);
    EXPECT_EQ(*log->end_offset(p), static_cast<int64_t>(entries.size()));
    for (size_t i = 0; i < entries.size(); ++i) {
      const LogEntry& e = entries[i];
      EXPECT_EQ(e.offset, static_cast<int64_t>(i));
      EXPECT_EQ(log->partition_for(e.key), p);
      ASSERT_TRUE(by_key.count(e.key));
      EXPECT_EQ(e.value, by_key[e.key]->value);
      EXPECT_EQ(e.timestamp_ms, by_key[e.key]->timestamp_ms);
    }
    seen += entries.size();
  }
  EXPECT_EQ(seen, records.size());
  EXPECT_EQ(*log->last_cursor(), "page=2");
}

TEST(EmbeddedLog, AWaitingReaderWakesOnCommit) {
  TempDir tmp;
  auto log = open_log(test_config(tmp.path()));
  ASSERT_TRUE(log);
  const uint64_t before = log->commit_sequence();
  log->wait_for_commit(before, 1);  // nothing committed: returns on its timeout
  EXPECT_EQ(log->commit_sequence(), before);

  std::atomic<bool> published{false};
  std::thread writer([&] { published = log->publish(make_records("user", 3), "page=2").ok(); });
  // A long timeout: the wait must end because of the commit (the test would hang otherwise).
  while (log->commit_sequence() == before)
    log->wait_for_commit(before, 60000);
  writer.join();
  EXPECT_TRUE(published.load());
  EXPECT_GT(log->commit_sequence(), before);
  EXPECT_EQ(*log->last_cursor(), "page=2");
}

TEST(EmbeddedLog, RecordsOfAKeyKeepTheirOrderInOnePartition) {
  TempDir tmp;
  auto log = open_log(test_config(tmp.path()));
  ASSERT_TRUE(log);
  for (int i = 0; i < 5; ++i) {
    LogRecord r{"same-key", numbered("v", i), i};
    ASSERT_TRUE(log->publish({r}, numbered("c", i)).ok());
  }
  auto entries = read_all(*log, log->partition_for("same-key"));
  ASSERT_EQ(entries.size(), 5u);
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(entries[i].value, numbered("v", i));
}

TEST(EmbeddedLog, ReopenKeepsOffsetsAndCursor) {
  TempDir tmp;
  auto config = test_config(tmp.path());
  std::vector<int64_t> ends;
  {
    auto log = open_log(config);
    ASSERT_TRUE(log);
    ASSERT_TRUE(log->publish(make_records("a", 50), "page=2").ok());
    ASSERT_TRUE(log->publish(make_records("b", 50), "page=3").ok());
    ASSERT_TRUE(log->commit_offsets("proc", {{0, 3}, {2, 7}}).ok());
    for (int p = 0; p < 4; ++p)
      ends.push_back(*log->end_offset(p));
  }
  auto log = open_log(config);
  ASSERT_TRUE(log);
  EXPECT_EQ(*log->last_cursor(), "page=3");
  for (int p = 0; p < 4; ++p)
    EXPECT_EQ(*log->end_offset(p), ends[p]);
  auto offsets = log->fetch_offsets("proc");
  ASSERT_TRUE(offsets.ok());
  EXPECT_EQ(*offsets, (std::map<int, int64_t>{{0, 3}, {2, 7}}));
  // Appends continue after the recovered end.
  ASSERT_TRUE(log->publish(make_records("c", 50), "page=4").ok());
  int64_t total = 0;
  for (int p = 0; p < 4; ++p)
    total += static_cast<int64_t>(read_all(*log, p).size());
  EXPECT_EQ(total, 150);
}

TEST(EmbeddedLog, EmptyPublishMovesOnlyTheCursor) {
  TempDir tmp;
  auto config = test_config(tmp.path(), 2);
  {
    auto log = open_log(config);
    ASSERT_TRUE(log->publish(make_records("a", 10), "page=2").ok());
    ASSERT_TRUE(log->publish({}, "page=3").ok());
    EXPECT_EQ(*log->last_cursor(), "page=3");
    EXPECT_EQ(*log->end_offset(0) + *log->end_offset(1), 10);
  }
  auto log = open_log(config);
  EXPECT_EQ(*log->last_cursor(), "page=3");
  EXPECT_EQ(*log->end_offset(0) + *log->end_offset(1), 10);
}

TEST(EmbeddedLog, ReadPastEndGivesNothing) {
  TempDir tmp;
  auto log = open_log(test_config(tmp.path(), 1));
  ASSERT_TRUE(log);
  EXPECT_TRUE(log->read(0, 0, 10)->empty());  // empty log
  ASSERT_TRUE(log->publish(make_records("x", 10), "").ok());
  EXPECT_TRUE(log->read(0, 10, 10)->empty());
  EXPECT_TRUE(log->read(0, 1000, 10)->empty());
  auto tail = log->read(0, 8, 10);
  ASSERT_TRUE(tail.ok());
  ASSERT_EQ(tail->size(), 2u);
  EXPECT_EQ(tail->front().offset, 8);
  EXPECT_EQ(log->read(0, 0, 3)->size(), 3u);
  EXPECT_EQ(log->read(1, 0, 10).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(log->read(-1, 0, 10).status().code(), StatusCode::kInvalidArgument);
}

TEST(EmbeddedLog, OffsetForTime) {
  TempDir tmp;
  auto config = test_config(tmp.path(), 1);
  config.segment_bytes = 4096;  // several segments, so the search crosses files
  auto log = open_log(config);
  ASSERT_TRUE(log);
  for (int i = 0; i < 40; ++i) {
    // One publish per record, timestamps 10000, 10010, ...
    ASSERT_TRUE(log->publish(make_records(numbered("t", i), 1, 300, 10000 + 10 * i), "").ok());
  }
  EXPECT_EQ(*log->offset_for_time(0, 0), 0);
  EXPECT_EQ(*log->offset_for_time(0, 10000), 0);
  EXPECT_EQ(*log->offset_for_time(0, 10001), 1);
  EXPECT_EQ(*log->offset_for_time(0, 10250), 25);
  EXPECT_EQ(*log->offset_for_time(0, 10390), 39);
  EXPECT_EQ(*log->offset_for_time(0, 10391), 40);  // after everything: the end
}

TEST(EmbeddedLog, IndexLookup) {
  TempDir tmp;
  auto config = test_config(tmp.path(), 1);
  auto log = open_log(config);
  ASSERT_TRUE(log);
  // 300 small batches (~700 bytes each): the sparse index has an entry every few batches.
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(log->publish(make_records(numbered("i", i), 5, 100), "").ok());
  }
  for (int64_t offset : {0, 1, 4, 5, 6, 99, 500, 777, 1234, 1498, 1499}) {
    auto got = log->read(0, offset, 1);
    ASSERT_TRUE(got.ok());
    ASSERT_EQ(got->size(), 1u);
    EXPECT_EQ(got->front().offset, offset);
    EXPECT_EQ(got->front().key, numbered("i", offset / 5) + numbered("-", offset % 5));
  }
  log.reset();

  // The index itself: lookups land on a batch boundary at or before the offset, and far
  // offsets skip most of the file.
  auto segment = Segment::open(testing::segment_path(config, 0), 0, false);
  ASSERT_TRUE(segment.ok());
  ASSERT_FALSE((*segment)->scan()->found);
  int64_t previous = 0;
  for (int64_t offset = 0; offset < 1500; offset += 37) {
    int64_t pos = (*segment)->position_for_offset(offset);
    BatchHeader h;
    ASSERT_TRUE((*segment)->read_batch(pos, &h, nullptr).ok());
    EXPECT_LE(h.base_offset, offset);
    EXPECT_GE(pos, previous);  // monotone
    previous = pos;
  }
  EXPECT_GT((*segment)->position_for_offset(1499), (*segment)->size() / 2);
  EXPECT_GT((*segment)->size() - (*segment)->position_for_offset(1499), 0);
  EXPECT_LE((*segment)->size() - (*segment)->position_for_offset(1499), 4096 + 1000);
}

TEST(EmbeddedLog, SegmentRoll) {
  TempDir tmp;
  auto config = test_config(tmp.path(), 1);
  config.segment_bytes = 8192;
  auto log = open_log(config);
  ASSERT_TRUE(log);
  for (int i = 0; i < 30; ++i) {
    ASSERT_TRUE(log->publish(make_records(numbered("r", i), 2, 1000), "").ok());
  }
  // Each publish is one ~2.1 KB batch: a segment holds 3 of them (6 offsets).
  std::set<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(config.dir + "/p0")) {
    names.insert(e.path().filename().string());
    EXPECT_LE(e.file_size(), 8192u);
  }
  EXPECT_GE(names.size(), 7u);
  EXPECT_TRUE(names.count("00000000000000000000.seg"));
  EXPECT_TRUE(names.count("00000000000000000006.seg"));
  EXPECT_EQ(read_all(*log, 0).size(), 60u);
  log.reset();
  auto reopened = open_log(config);  // the chain of segments survives a reopen
  ASSERT_TRUE(reopened);
  EXPECT_EQ(read_all(*reopened, 0).size(), 60u);
}

TEST(EmbeddedLog, RetentionBySize) {
  TempDir tmp;
  auto config = test_config(tmp.path(), 1);
  config.segment_bytes = 8192;
  config.retention_bytes = 20000;
  auto log = open_log(config);
  ASSERT_TRUE(log);
  for (int i = 0; i < 40; ++i) {
    ASSERT_TRUE(log->publish(make_records(numbered("s", i), 2, 1000), "").ok());
  }
  int64_t bytes = 0;
  for (const auto& e : std::filesystem::directory_iterator(config.dir + "/p0")) {
    bytes += static_cast<int64_t>(e.file_size());
  }
  EXPECT_LE(bytes, 20000);
  int64_t start = log->start_offset(0);
  EXPECT_GT(start, 0);
  EXPECT_EQ(*log->end_offset(0), 80);
  auto rest = read_all(*log, 0);  // from 0: starts at the oldest retained offset
  ASSERT_FALSE(rest.empty());
  EXPECT_EQ(rest.front().offset, start);
  EXPECT_EQ(rest.back().offset, 79);
}

TEST(EmbeddedLog, RetentionByAge) {
  TempDir tmp;
  auto config = test_config(tmp.path(), 1);
  config.segment_bytes = 8192;
  config.retention_ms = 3600 * 1000;
  auto log = open_log(config);
  ASSERT_TRUE(log);
  for (int i = 0; i < 10; ++i) {  // from 1970: far older than an hour
    ASSERT_TRUE(log->publish(make_records(numbered("old", i), 2, 1000, 1000), "").ok());
  }
  const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(log->publish(make_records(numbered("new", i), 2, 1000, now), "").ok());
  }
  int64_t start = log->start_offset(0);
  EXPECT_GE(start, 16);  // every sealed all-old segment is gone
  EXPECT_LE(start, 20);  // nothing new was deleted
  auto rest = read_all(*log, 0);
  ASSERT_FALSE(rest.empty());
  EXPECT_EQ(rest.front().offset, start);
  EXPECT_EQ(rest.back().key, "new9-1");
}

TEST(EmbeddedLog, RetentionNeverDeletesTheActiveSegment) {
  TempDir tmp;
  auto config = test_config(tmp.path(), 1);
  config.retention_bytes = 0;
  config.retention_ms = 0;
  auto log = open_log(config);
  ASSERT_TRUE(log);
  ASSERT_TRUE(log->publish(make_records("a", 3), "").ok());
  EXPECT_EQ(read_all(*log, 0).size(), 3u);
}

TEST(EmbeddedLog, LockFileRefusesASecondOpener) {
  TempDir tmp;
  auto config = test_config(tmp.path());
  auto first = open_log(config);
  ASSERT_TRUE(first);
  auto second = EmbeddedLog::open(config);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(second.status().message().find("pid " + std::to_string(::getpid())), std::string::npos)
      << second.status().to_string();
  first.reset();
  EXPECT_TRUE(EmbeddedLog::open(config).ok());  // released with its owner
}

TEST(EmbeddedLog, PartitionCountCannotChange) {
  TempDir tmp;
  auto config = test_config(tmp.path(), 4);
  ASSERT_TRUE(open_log(config));
  config.partitions = 8;
  auto log = EmbeddedLog::open(config);
  EXPECT_EQ(log.status().code(), StatusCode::kInvalidArgument);
}

TEST(EmbeddedLog, FactoryChoosesByKind) {
  TempDir tmp;
  auto config = test_config(tmp.path());
  auto log = make_log(config);
  ASSERT_TRUE(log.ok()) << log.status().to_string();
  EXPECT_EQ((*log)->partition_count(), 4);
  config.kind = LogKind::kKafka;  // tests/integration/kafka_log_test.cpp opens a real one
  EXPECT_EQ(make_log(config).status().code(), StatusCode::kInvalidArgument) << "no brokers";
}

// Config refuses exactly the kinds the factory cannot make (kind_built), so a config that
// loads opens.
TEST(EmbeddedLog, FactoryMakesEveryKindConfigCallsBuilt) {
  TempDir tmp;
  auto config = test_config(tmp.path());
  for (LogKind kind : {LogKind::kEmbedded, LogKind::kKafka}) {
    config.kind = kind;
    EXPECT_EQ(make_log(config).status().code() != StatusCode::kNotImplemented, kind_built(kind))
        << kind_name(kind);
  }
}

TEST(EmbeddedLog, BadConfigIsInvalidArgument) {
  TempDir tmp;
  auto config = test_config(tmp.path());
  config.partitions = 0;
  EXPECT_EQ(EmbeddedLog::open(config).status().code(), StatusCode::kInvalidArgument);
}

class FsyncPolicyTest : public ::testing::TestWithParam<FsyncPolicy> {};

TEST_P(FsyncPolicyTest, PublishIsReadableAndSurvivesReopen) {
  TempDir tmp;
  auto config = test_config(tmp.path(), 2, GetParam());
  {
    auto log = open_log(config);
    ASSERT_TRUE(log);
    for (int i = 0; i < 20; ++i) {
      ASSERT_TRUE(log->publish(make_records(numbered("f", i), 10), std::to_string(i)).ok());
      // Acknowledged means visible to readers at once, under every policy.
      EXPECT_EQ(*log->end_offset(0) + *log->end_offset(1), 10 * (i + 1));
    }
    EXPECT_EQ(*log->last_cursor(), "19");
  }
  auto log = open_log(config);
  ASSERT_TRUE(log);
  EXPECT_EQ(read_all(*log, 0).size() + read_all(*log, 1).size(), 200u);
  EXPECT_EQ(*log->last_cursor(), "19");
}

INSTANTIATE_TEST_SUITE_P(Policies, FsyncPolicyTest,
                         ::testing::Values(FsyncPolicy::kBatch, FsyncPolicy::kInterval,
                                           FsyncPolicy::kNever));

TEST(EmbeddedLog, OnePublisherManyReaders) {
  TempDir tmp;
  auto config = test_config(tmp.path(), 4, FsyncPolicy::kInterval);
  config.segment_bytes = 64 * 1024;  // rolls while readers read
  auto log = open_log(config);
  ASSERT_TRUE(log);
  constexpr int kPublishes = 50;
  constexpr int kPerPublish = 20;
  std::atomic<bool> done{false};
  std::thread publisher([&] {
    for (int i = 0; i < kPublishes; ++i) {
      EXPECT_TRUE(
          log->publish(make_records(numbered("c", i), kPerPublish, 300), std::to_string(i)).ok());
    }
    done = true;
  });
  auto reader = [&](int partition, std::vector<LogEntry>* got) {
    int64_t next = 0;
    while (true) {
      bool finished = done.load();  // read once more after the publisher finished
      auto batch = log->read(partition, next, 64);
      ASSERT_TRUE(batch.ok()) << batch.status().to_string();
      for (auto& e : *batch) {
        ASSERT_EQ(e.offset, next);                         // no gaps, no repeats
        ASSERT_LT(e.offset, *log->end_offset(partition));  // never past the committed end
        ++next;
        got->push_back(std::move(e));
      }
      if (finished && batch->empty()) return;
      if (batch->empty()) std::this_thread::yield();
    }
  };
  std::vector<std::vector<LogEntry>> got(4);
  std::vector<std::thread> readers;
  for (int p = 0; p < 4; ++p)
    readers.emplace_back(reader, p, &got[p]);
  publisher.join();
  for (auto& t : readers)
    t.join();
  size_t total = 0;
  for (int p = 0; p < 4; ++p) {
    total += got[p].size();
    for (const auto& e : got[p])
      EXPECT_EQ(log->partition_for(e.key), p);
  }
  EXPECT_EQ(total, static_cast<size_t>(kPublishes * kPerPublish));
}

}  // namespace
}  // namespace sluice
