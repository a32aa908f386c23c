// The Ingestor's publish path with a LogWriter that records each transaction (and can fail).
#include "ingest/ingest_run.h"

#include <gtest/gtest.h>

#include <deque>

#include "core/config.h"

namespace sluice {
namespace {

// Pages of records from a list; a failure can be planted at one page.
class ListSource : public Source {
 public:
  explicit ListSource(std::vector<std::vector<std::string>> pages) : pages_(std::move(pages)) {}
  Status seek(std::string_view cursor) override {
    next_ = cursor.empty() ? 0 : std::stoi(std::string(cursor.substr(5))) - 1;
    return {};
  }
  Result<SourceBatch> next() override {
    ++stats_.requests;
    if (next_ == fail_at_) return Status::unavailable("planted failure");
    SourceBatch b;
    if (next_ < pages_.size()) b.records = pages_[next_];
    b.source_id = "test:page=" + std::to_string(next_ + 1);
    if (!b.records.empty()) ++next_;
    b.cursor_after = "page=" + std::to_string(next_ + 1);
    return b;
  }
  int max_batches_per_run() const override { return max_batches_; }
  SourceStats stats() const override { return stats_; }

  size_t fail_at_ = SIZE_MAX;
  int max_batches_ = 10;

 private:
  std::vector<std::vector<std::string>> pages_;
  size_t next_ = 0;
  SourceStats stats_;
};

class RecordingWriter : public LogWriter {
 public:
  int partition_count() const override { return 2; }
  int partition_for(std::string_view key) const override { return key.size() % 2; }
  Status publish(const std::vector<LogRecord>& records, std::string_view cursor) override {
    if (fail_next_) return Status::io_error("disk full");
    transactions.push_back({records, std::string(cursor)});
    return {};
  }
  Result<std::string> last_cursor() override {
    return transactions.empty() ? std::string() : transactions.back().second;
  }

  std::vector<std::pair<std::vector<LogRecord>, std::string>> transactions;
  bool fail_next_ = false;
};

Mapper key_mapper(Schema* schema) {
  *schema = Schema({{"username", FieldType::kText}}, "username");
  FieldConfig f;
  f.name = "username";
  f.from = "login.username";
  auto m = Mapper::compile({f}, *schema);
  EXPECT_TRUE(m.ok()) << m.status().to_string();
  return std::move(m).value();
}

std::string rec(const std::string& user) {
  return R"({"login": {"username": ")" + user + R"("}, "x": 1})";
}

TEST(Ingestor, PublishesEachPageWithItsCursorAndKeys) {
  Schema schema;
  Mapper mapper = key_mapper(&schema);
  ListSource source({{rec("ann"), rec("bob")}, {rec("cy"), R"({"login": {}})"}});
  RecordingWriter log;
  Ingestor ingestor(&source, &mapper, &log);
  std::atomic<bool> stop{false};
  auto summary = ingestor.run_once(stop);
  ASSERT_TRUE(summary.ok()) << summary.status().to_string();
  EXPECT_EQ(summary->fetched, 4);
  EXPECT_EQ(summary->published, 4);
  EXPECT_EQ(summary->batches, 2);
  EXPECT_TRUE(summary->reached_end);
  ASSERT_EQ(log.transactions.size(), 2u);
  EXPECT_EQ(log.transactions[0].second, "page=2");
  EXPECT_EQ(log.transactions[1].second, "page=3");
  EXPECT_EQ(log.transactions[0].first[0].key, "ann");
  EXPECT_EQ(log.transactions[0].first[0].value, rec("ann"));  // as received
  EXPECT_EQ(log.transactions[1].first[1].key, "");            // no username: empty key
  EXPECT_EQ(summary->cursor_after, "page=3");
}

TEST(Ingestor, ResumesFromTheLogsCursorAndStopsAtAnEmptyPage) {
  Schema schema;
  Mapper mapper = key_mapper(&schema);
  ListSource source({{rec("a")}, {rec("b")}, {rec("c")}});
  RecordingWriter log;
  log.transactions.push_back({{}, "page=3"});
  Ingestor ingestor(&source, &mapper, &log);
  std::atomic<bool> stop{false};
  auto summary = ingestor.run_once(stop);
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->cursor_before, "page=3");
  EXPECT_EQ(summary->published, 1);
  ASSERT_EQ(log.transactions.size(), 2u);
  EXPECT_EQ(log.transactions[1].first[0].key, "c");
  // The empty page 4 did not move the cursor.
  EXPECT_EQ(log.transactions.back().second, "page=4");
}

TEST(Ingestor, AFailedRequestKeepsWhatWasPublishedAndReportsWhereToResume) {
  Schema schema;
  Mapper mapper = key_mapper(&schema);
  ListSource source({{rec("a")}, {rec("b")}, {rec("c")}});
  source.fail_at_ = 1;
  RecordingWriter log;
  Ingestor ingestor(&source, &mapper, &log);
  std::atomic<bool> stop{false};
  auto summary = ingestor.run_once(stop);
  ASSERT_FALSE(summary.ok());
  EXPECT_NE(summary.status().message().find("planted failure"), std::string::npos);
  EXPECT_NE(summary.status().message().find("page=2"), std::string::npos);
  ASSERT_EQ(log.transactions.size(), 1u);
  EXPECT_EQ(log.transactions[0].second, "page=2");
}

TEST(Ingestor, AFailedPublishIsAnErrorAndNotCounted) {
  Schema schema;
  Mapper mapper = key_mapper(&schema);
  ListSource source({{rec("a")}});
  RecordingWriter log;
  log.fail_next_ = true;
  Ingestor ingestor(&source, &mapper, &log);
  std::atomic<bool> stop{false};
  auto summary = ingestor.run_once(stop);
  ASSERT_FALSE(summary.ok());
  EXPECT_NE(summary.status().message().find("disk full"), std::string::npos);
  EXPECT_TRUE(log.transactions.empty());
}

TEST(Ingestor, RespectsBatchesPerRunAndDryRunsPublishNothing) {
  Schema schema;
  Mapper mapper = key_mapper(&schema);
  ListSource source({{rec("a")}, {rec("b")}, {rec("c")}});
  source.max_batches_ = 2;
  Ingestor dry(&source, &mapper, nullptr);
  int observed = 0;
  dry.set_observer([&](const SourceBatch& b) { observed += static_cast<int>(b.records.size()); });
  dry.set_dry_run_cursor("page=1");
  std::atomic<bool> stop{false};
  auto summary = dry.run_once(stop);
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(observed, 2);
  EXPECT_EQ(summary->published, 0);
  EXPECT_EQ(summary->cursor_after, "page=3");
  EXPECT_FALSE(summary->reached_end);
}

}  // namespace
}  // namespace sluice
