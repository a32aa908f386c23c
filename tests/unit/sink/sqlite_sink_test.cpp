#include "sink/sqlite/sqlite_sink.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "../test_dir.h"

namespace sluice {
namespace {

class SqliteSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_test_dir("sluice_sink_test");
    schema_ = Schema({{"username", FieldType::kText}, {"email", FieldType::kText}}, "username");
    sink_ = std::make_unique<SqliteSink>((dir_ / "sub" / "sluice.db").string(), schema_);
    ASSERT_TRUE(sink_->open().ok());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  Record user(std::string_view name, std::string_view email, int32_t p, int64_t o) {
    Record r(&schema_);
    r.set_text(0, name);
    r.set_text(1, email);
    r.meta.partition = p;
    r.meta.offset = o;
    r.meta.ingest_time_ms = 1764077401123;
    return r;
  }

  std::string query_text(const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open((dir_ / "sub" / "sluice.db").c_str(), &db);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
    std::string out;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      if (!out.empty()) out += "|";
      out += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return out;
  }

  std::filesystem::path dir_;
  Schema schema_;
  std::unique_ptr<SqliteSink> sink_;
};

TEST_F(SqliteSinkTest, UpsertByKeyAndQuarantineByPositionAreIdempotent) {
  Record a = user("alice", "a@x.io", 0, 10);
  Record b = user("bob", "b@x.io", 1, 3);
  QuarantineRow q{{2, 7}, "carol", R"({"login":{}})", {{"required", "m"}}, 1764077401123};
  for (int replay = 0; replay < 3; ++replay) {
    ASSERT_TRUE(write_and_wait(sink_.get(), {{&a, &b}, {q}}).ok());
  }
  EXPECT_EQ(*sink_->count_stored(), 2);
  EXPECT_EQ(*sink_->count_quarantined(), 1);
  EXPECT_EQ(query_text("SELECT email FROM created_users ORDER BY username"), "a@x.io|b@x.io");
  EXPECT_EQ(query_text("SELECT _ingested_at FROM quarantine"), "2025-11-25T13:30:01.123Z");
  EXPECT_EQ(query_text("SELECT reasons FROM quarantine WHERE _partition=2 AND _offset=7"),
            R"([{"rule":"required","message":"m"}])");
}

TEST_F(SqliteSinkTest, RecentQuarantineIsTheLastRowsWrittenNewestIngestFirst) {
  EXPECT_TRUE(sink_->recent_quarantine(10)->empty());
  // Two groups; the second holds an older ingest time after a newer one, as a group of several
  // partitions' batches does.
  QuarantineRow first{{0, 1}, "a", R"({"n":1})", {{"required", "no email"}}, 1764077401000};
  QuarantineRow second{{1, 5}, "b", R"({"n":2})", {{"email_format", "bad"}}, 1764077403000};
  QuarantineRow third{{0, 2}, "c", R"({"n":3})", {{"required", "x"}, {"key", "y"}}, 1764077402000};
  ASSERT_TRUE(write_and_wait(sink_.get(), {{}, {first}}).ok());
  ASSERT_TRUE(write_and_wait(sink_.get(), {{}, {second, third}}).ok());
  auto rows = sink_->recent_quarantine(10);
  ASSERT_TRUE(rows.ok()) << rows.status().to_string();
  ASSERT_EQ(rows->size(), 3U);
  EXPECT_EQ((*rows)[0].position, (LogPosition{1, 5}));
  EXPECT_EQ((*rows)[0].ingested_at, "2025-11-25T13:30:03.000Z");
  EXPECT_EQ((*rows)[1].position, (LogPosition{0, 2}));
  EXPECT_EQ((*rows)[1].raw, R"({"n":3})");
  EXPECT_EQ((*rows)[1].reasons_json,
            R"([{"rule":"required","message":"x"},{"rule":"key","message":"y"}])");
  EXPECT_EQ((*rows)[2].position, (LogPosition{0, 1}));
  // The limit takes the last rows written, not the newest ingest times of the whole table.
  auto two = sink_->recent_quarantine(2);
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(two->size(), 2U);
  EXPECT_EQ((*two)[0].position, (LogPosition{1, 5}));
  EXPECT_EQ((*two)[1].position, (LogPosition{0, 2}));
  // A limit out of range is clamped, never an error or an unbounded read.
  EXPECT_EQ(sink_->recent_quarantine(0)->size(), 1U);
}

TEST_F(SqliteSinkTest, KeyOwnersFindsStoredPositionsInChunks) {
  std::vector<Record> records;
  records.reserve(600);
  for (int i = 0; i < 600; ++i) {
    records.push_back(user("user" + std::to_string(i), "e@x.io", i % 4, i));
  }
  std::vector<const Record*> valid;
  for (const auto& r : records)
    valid.push_back(&r);
  ASSERT_TRUE(write_and_wait(sink_.get(), {valid, {}}).ok());

  std::vector<std::string> names = {"user0", "nobody", "user599"};
  for (int i = 1; i < 300; ++i)
    names.push_back("user" + std::to_string(i));
  std::vector<std::string_view> keys(names.begin(), names.end());
  auto owners = sink_->key_owners(keys);
  ASSERT_TRUE(owners.ok()) << owners.status().to_string();
  EXPECT_EQ(owners->size(), names.size() - 1);
  EXPECT_EQ(owners->at("user599"), (LogPosition{3, 599}));
  EXPECT_EQ(owners->count("nobody"), 0u);
}

TEST_F(SqliteSinkTest, KeyOwnersSurvivesReopenAndFilterGrowth) {
  // More keys than the empty sink's key filter is sized for: it grows on the way, and a
  // reopened sink loads it from the table. Every stored key must still be found.
  std::vector<Record> records;
  const int n = 20000;
  records.reserve(n);
  for (int i = 0; i < n; ++i)
    records.push_back(user("user" + std::to_string(i), "e@x.io", i % 4, i));
  for (int from = 0; from < n; from += 5000) {
    std::vector<const Record*> valid;
    for (int i = from; i < from + 5000; ++i)
      valid.push_back(&records[i]);
    ASSERT_TRUE(write_and_wait(sink_.get(), {valid, {}}).ok());
  }
  auto check = [&](SqliteSink& sink) {
    std::vector<std::string> names;
    for (int i = 0; i < n; i += 7)
      names.push_back("user" + std::to_string(i));
    names.push_back("nobody");
    std::vector<std::string_view> keys(names.begin(), names.end());
    auto owners = sink.key_owners(keys);
    ASSERT_TRUE(owners.ok()) << owners.status().to_string();
    EXPECT_EQ(owners->size(), names.size() - 1);
    EXPECT_EQ(owners->at("user19999"), (LogPosition{3, 19999}));
    EXPECT_EQ(owners->count("nobody"), 0U);
  };
  check(*sink_);
  sink_.reset();
  SqliteSink reopened((dir_ / "sub" / "sluice.db").string(), schema_);
  ASSERT_TRUE(reopened.open().ok());
  check(reopened);
}

TEST_F(SqliteSinkTest, ReconcileMovesAPositionBetweenTables) {
  Record a = user("alice", "a@x.io", 0, 10);
  ASSERT_TRUE(write_and_wait(sink_.get(), {{&a}, {}}).ok());
  QuarantineRow now_invalid{{0, 10}, "alice", "{}", {{"email_format", "m"}}, 0};
  ASSERT_TRUE(write_and_wait(sink_.get(), {{}, {now_invalid}, true}).ok());
  EXPECT_EQ(*sink_->count_stored(), 0);
  EXPECT_EQ(*sink_->count_quarantined(), 1);
  ASSERT_TRUE(write_and_wait(sink_.get(), {{&a}, {}, true}).ok());
  EXPECT_EQ(*sink_->count_stored(), 1);
  EXPECT_EQ(*sink_->count_quarantined(), 0);
}

TEST(SqliteSinkErrors, UnwritableDirectoryGivesAClearIoError) {
  Schema schema({{"username", FieldType::kText}}, "username");
  SqliteSink sink("/proc/sluice-cannot-write-here/sluice.db", schema);
  Status s = sink.open();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_NE(s.message().find("/proc/sluice-cannot-write-here"), std::string::npos) << s.message();
}

// A group whose transaction fails with an I/O error (fault point sink.write, as a full disk
// would) is written again until it passes, counted, and shown by unreachable() meanwhile.
TEST_F(SqliteSinkTest, AnIoErrorIsRetriedUntilTheGroupIsWritten) {
  Record a = user("alice", "a@x.io", 0, 10);
  ::setenv("SLUICE_FAULT", "sink.write:fail:2", 1);
  const Status written = write_and_wait(sink_.get(), {{&a}, {}});
  ::unsetenv("SLUICE_FAULT");
  ASSERT_TRUE(written.ok()) << written.to_string();
  EXPECT_EQ(query_text("SELECT username FROM created_users"), "alice");
  const auto counters = sink_->counters();
  ASSERT_TRUE(counters.has_value());
  EXPECT_EQ(counters->errors.at("io"), 2u);
  EXPECT_EQ(counters->retries, 2u);
  EXPECT_EQ(counters->writes, 1u);
  EXPECT_EQ(sink_->unreachable(), "");  // passed again
}

// Another connection holding the write lock past the busy handler's ~5 s (a long transaction
// in the sqlite3 shell, a backup) makes the group wait, counted as "locked", not fail: it is
// written once the lock goes.
TEST_F(SqliteSinkTest, ADatabaseLockedByAnotherConnectionIsWaitedOut) {
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / "sub" / "sluice.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  std::thread holder([other] {
    std::this_thread::sleep_for(std::chrono::milliseconds(6500));
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  });
  Record a = user("alice", "a@x.io", 0, 10);
  const Status written = write_and_wait(sink_.get(), {{&a}, {}});
  holder.join();
  sqlite3_close(other);
  ASSERT_TRUE(written.ok()) << written.to_string();
  EXPECT_EQ(query_text("SELECT username FROM created_users"), "alice");
  const auto counters = sink_->counters();
  ASSERT_TRUE(counters.has_value());
  EXPECT_GE(counters->errors.at("locked"), 1u);
  EXPECT_EQ(counters->errors.at("io"), 0u);
  EXPECT_EQ(sink_->unreachable(), "");
}

TEST_F(SqliteSinkTest, FailFastGivesAFailingGroupUpAndRollsItBack) {
  Record a = user("alice", "a@x.io", 0, 10);
  sink_->fail_fast();
  ::setenv("SLUICE_FAULT", "sink.write:fail", 1);
  const Status written = write_and_wait(sink_.get(), {{&a}, {}});
  ::unsetenv("SLUICE_FAULT");
  EXPECT_EQ(written.code(), StatusCode::kIoError);
  EXPECT_NE(written.message().find("injected I/O error at fault point sink.write:fail"),
            std::string::npos)
      << written.to_string();
  EXPECT_EQ(query_text("SELECT count(*) FROM created_users"), "0");
}

}  // namespace
}  // namespace sluice
