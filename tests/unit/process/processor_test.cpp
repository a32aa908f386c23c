// The processor over the real embedded log and SQLite sink with the shipped config: verdicts,
// uniqueness across batches and replays, offsets committed after the sink.
#include "process/processor.h"

#include <gtest/gtest.h>
#include <prometheus/registry.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "../test_dir.h"
#include "core/config.h"
#include "log/log.h"
#include "sink/sink.h"
#include "sink/sqlite/sqlite_sink.h"

namespace sluice {
namespace {

std::string profile(const std::string& username, const std::string& email,
                    const std::string& gender = "female") {
  return R"({"gender":")" + gender + R"(","name":{"title":"Ms","first":"Ada","last":"Lovelace"},)" +
         R"("location":{"street":{"number":12,"name":"Main St"},"city":"Leeds","state":"Yorks",)" +
         R"("country":"United Kingdom","postcode":"LS1 4AP"},"email":")" + email +
         R"(","login":{"uuid":"u","username":")" + username +
         R"("},"dob":{"date":"1990-01-02T03:04:05.678Z","age":35},)" +
         R"("registered":{"date":"2015-06-07T08:09:10.111Z","age":10},"phone":"0113",)" +
         R"("picture":{"medium":"https://x/m.jpg"}})";
}

class ProcessorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_test_dir("sluice_processor_test");
    setenv("SLUICE_DATA_DIR", dir_.c_str(), 1);
    config_ = load_config(std::string(SLUICE_SOURCE_DIR) + "/config/local.yaml");
    config_.process.batch_records = 3;  // several batches per partition
    schema_ = config_.schema();
    open();
  }
  void TearDown() override {
    sink_.reset();
    writer_.reset();
    log_.reset();
    std::filesystem::remove_all(dir_);
  }

  void open() {
    sink_.reset();
    log_.reset();
    writer_.reset();
    auto log = make_log(config_.log);
    ASSERT_TRUE(log.ok()) << log.status().to_string();
    log_ = std::move(log).value();
    auto writer = log_->open_writer();
    ASSERT_TRUE(writer.ok());
    writer_ = std::move(writer).value();
    sink_ = std::make_unique<SqliteSink>(config_.sink.path, schema_);
    ASSERT_TRUE(sink_->open().ok());
    registry_ = std::make_shared<prometheus::Registry>();
    std::vector<std::string> ids;
    for (const auto& r : config_.rules)
      ids.push_back(r.id);
    probe_ = std::make_unique<ProcessProbe>(*registry_, "t", ids, log_->partition_count());
  }

  void publish(const std::vector<std::pair<std::string, std::string>>& keyed, const char* cursor) {
    std::vector<LogRecord> records;
    for (const auto& [key, json] : keyed)
      records.push_back({key, json, 1764077401000});
    ASSERT_TRUE(writer_->publish(records, cursor).ok());
  }

  // One processing run until caught up; `from` replays partitions from those offsets.
  void process(bool reconcile = false, std::map<int, int64_t> from = {}) {
    auto consumer = log_->open_consumer(config_.process.group);
    ASSERT_TRUE(consumer.ok());
    Processor processor(config_, consumer->get(), sink_.get(), probe_.get());
    std::atomic<bool> stop{false};
    Status s = processor.run(
        stop, {.until_idle = true, .reconcile = reconcile, .start_offsets = std::move(from)});
    ASSERT_TRUE(s.ok()) << s.to_string();
  }

  std::filesystem::path dir_;
  PipelineConfig config_;
  Schema schema_;
  std::unique_ptr<Log> log_;
  std::unique_ptr<LogWriter> writer_;
  std::unique_ptr<SqliteSink> sink_;
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<ProcessProbe> probe_;
};

TEST_F(ProcessorTest, StoresValidAndQuarantinesInvalidOnce) {
  publish({{"alice", profile("alice", "alice@example.com")},
           {"bob", profile("bob", "not-an-email")},
           {"al", profile("al", "al@example.com", "Male")},
           {"carol", profile("carol", "carol@example.com")}},
          "page=2");
  process();
  EXPECT_EQ(*sink_->count_stored(), 2);
  EXPECT_EQ(*sink_->count_quarantined(), 2);
  EXPECT_EQ(probe_->records.load(), 4);
  // Nothing new: a second run processes nothing and changes nothing.
  process();
  EXPECT_EQ(probe_->records.load(), 4);
  EXPECT_EQ(*sink_->count_stored(), 2);
}

// config/local.yaml stores email and phone as HMAC-SHA256 under the pipeline's key: the rules
// judged the email as received (a bad one is still quarantined), the stored row holds the hash
// (python3's hmac module gives the expected values), and the quarantine keeps the record as
// received.
TEST_F(ProcessorTest, StoresEmailAndPhoneAsKeyedHashes) {
  setenv("SLUICE_PROTECT_KEY", "processor-test-protect-key", 1);
  publish(
      {{"alice", profile("alice", "alice@example.com")}, {"bob", profile("bob", "not-an-email")}},
      "page=2");
  process();
  unsetenv("SLUICE_PROTECT_KEY");
  EXPECT_EQ(*sink_->count_stored(), 1);
  EXPECT_EQ(*sink_->count_quarantined(), 1);
  sink_.reset();

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(config_.sink.path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr),
            SQLITE_OK);
  auto one_text = [db](const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return out;
  };
  EXPECT_EQ(one_text("SELECT email FROM created_users WHERE username = 'alice'"),
            "7946dbaacf62469e78ac9bd37448dc5e20ed45d17dd278830a2ffea87de9fdc5");
  EXPECT_EQ(one_text("SELECT phone FROM created_users WHERE username = 'alice'"),
            "0fcae7899e383c3329ec8878f058a12129a96889231fc372f561b983902c78f8");
  EXPECT_EQ(one_text("SELECT first_name FROM created_users WHERE username = 'alice'"), "Ada");
  EXPECT_NE(one_text("SELECT raw FROM quarantine").find("not-an-email"), std::string::npos);
  sqlite3_close(db);
}

TEST_F(ProcessorTest, FirstValidUsernameWinsAcrossBatchesAndReplays) {
  publish({{"dave", profile("dave", "bad email")},          // invalid: does not claim
           {"dave", profile("dave", "dave1@example.com")},  // first valid: stored
           {"dave", profile("dave", "dave2@example.com")},  // same username: unique fails
           {"dave", profile("dave", "dave3@example.com")}},
          "page=2");
  process();
  auto owners = sink_->key_owners({"dave"});
  ASSERT_TRUE(owners.ok());
  ASSERT_EQ(owners->count("dave"), 1u);
  const LogPosition owner = owners->at("dave");
  EXPECT_EQ(*sink_->count_stored(), 1);
  EXPECT_EQ(*sink_->count_quarantined(), 3);

  // A replay of every offset (as after a crash before the offset commit) gives the same tables.
  process(/*reconcile=*/false, {{owner.partition, 0}});
  EXPECT_EQ(*sink_->count_stored(), 1);
  EXPECT_EQ(*sink_->count_quarantined(), 3);
  EXPECT_EQ(sink_->key_owners({"dave"})->at("dave"), owner);
}

TEST_F(ProcessorTest, ReplayUnderChangedRulesHandsTheUsernameToTheFirstNowValidRecord) {
  publish({{"hank", profile("hank", "hank1@example.com", "Male")},  // invalid: gender
           {"hank", profile("hank", "hank2@example.com")}},         // valid: stored
          "page=2");
  process();
  const LogPosition second = sink_->key_owners({"hank"})->at("hank");

  // Without gender_values the first record is valid, so it wins the username on replay.
  std::erase_if(config_.rules, [](const RuleConfig& r) { return r.id == "gender_values"; });
  process(/*reconcile=*/true, {{second.partition, 0}});
  const LogPosition owner = sink_->key_owners({"hank"})->at("hank");
  EXPECT_EQ(owner.partition, second.partition);
  EXPECT_EQ(owner.offset, second.offset - 1);
  EXPECT_EQ(*sink_->count_stored(), 1);
  EXPECT_EQ(*sink_->count_quarantined(), 1) << "the second record, now failing username_unique";
}

TEST_F(ProcessorTest, OffsetsSurviveReopen) {
  publish({{"erin", profile("erin", "erin@example.com")}}, "page=2");
  process();
  open();  // a restart: new log, sink and probe objects over the same files
  publish({{"frank", profile("frank", "frank@example.com")}}, "page=3");
  process();
  EXPECT_EQ(probe_->records.load(), 1) << "only the new record is processed after a restart";
  EXPECT_EQ(*sink_->count_stored(), 2);
}

TEST_F(ProcessorTest, UnparseableRecordIsQuarantinedWithParseReason) {
  publish({{"", "{not json"}, {"gina", profile("gina", "gina@example.com")}}, "page=2");
  process();
  EXPECT_EQ(*sink_->count_stored(), 1);
  EXPECT_EQ(*sink_->count_quarantined(), 1);
}

}  // namespace
}  // namespace sluice
