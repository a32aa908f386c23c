// The HTTP source against the mock API served in-process on a free port.
#include "ingest/http/http_source.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "mock/mock_server.h"

namespace sluice {
namespace {

mock::MockServerOptions mock_options(double error_rate) {
  mock::MockServerOptions o;
  o.port = 0;
  o.error_rate = error_rate;
  o.slow_ms = 400;  // above the client's read timeout below: a slow answer is a timeout
  o.retry_after_s = 0;
  o.log_requests = false;
  return o;
}

HttpSourceConfig source_config(int port, int max_attempts) {
  HttpSourceConfig c;
  c.url = "http://127.0.0.1:" + std::to_string(port) + "/api/";
  c.results_per_page = 20;
  c.pages_per_run = 5;
  c.seed = "unit";
  c.connect_timeout_ms = 1000;
  c.read_timeout_ms = 150;
  c.retry.max_attempts = max_attempts;
  c.retry.initial_backoff_ms = 1;
  c.retry.max_backoff_ms = 4;
  return c;
}

TEST(HttpSource, PagesThroughTheApiWithAPageCursor) {
  mock::MockServer server(mock_options(0));
  ASSERT_TRUE(server.start().ok());
  HttpSource source(source_config(server.port(), 1));
  ASSERT_TRUE(source.seek("").ok());
  EXPECT_EQ(source.max_batches_per_run(), 5);
  for (int page = 1; page <= 3; ++page) {
    auto batch = source.next();
    ASSERT_TRUE(batch.ok()) << batch.status().to_string();
    EXPECT_EQ(batch->records.size(), 20u);
    EXPECT_EQ(batch->cursor_after, "page=" + std::to_string(page + 1));
    EXPECT_EQ(batch->source_id, "http:page=" + std::to_string(page));
    // Each record is one element of results[], a JSON object as sent.
    auto rec = nlohmann::json::parse(batch->records[0]);
    EXPECT_TRUE(rec.contains("login"));
    EXPECT_FALSE(rec.contains("results"));
  }
  EXPECT_EQ(source.stats().requests, 3);
  EXPECT_EQ(source.stats().retries, 0);
  EXPECT_EQ(source.stats().records, 60);
}

TEST(HttpSource, SeekResumesAtTheStoredPage) {
  mock::MockServer server(mock_options(0));
  ASSERT_TRUE(server.start().ok());
  HttpSource from_start(source_config(server.port(), 1));
  ASSERT_TRUE(from_start.seek("").ok());
  ASSERT_TRUE(from_start.next().ok());
  auto second = from_start.next();
  ASSERT_TRUE(second.ok());

  HttpSource resumed(source_config(server.port(), 1));
  ASSERT_TRUE(resumed.seek("page=2").ok());
  auto again = resumed.next();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->records, second->records);
  EXPECT_EQ(again->cursor_after, "page=3");
}

TEST(HttpSource, RejectsACursorThatIsNotAPage) {
  HttpSource source(source_config(1, 1));
  EXPECT_EQ(source.seek("offset=12").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(source.seek("page=x").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(source.seek("page=0").code(), StatusCode::kInvalidArgument);
}

TEST(HttpSource, RetriesThroughEveryKindOfFault) {
  // Error rate 1: the first three attempts at every page fail (500, 503, 429, error bodies,
  // truncated or cut bodies, timeouts); the mock lets the fourth through.
  mock::MockServer server(mock_options(1.0));
  ASSERT_TRUE(server.start().ok());
  HttpSource source(source_config(server.port(), 6));
  ASSERT_TRUE(source.seek("").ok());
  // The same pages without faults, to compare.
  mock::MockServer clean(mock_options(0));
  ASSERT_TRUE(clean.start().ok());
  HttpSource reference(source_config(clean.port(), 1));
  ASSERT_TRUE(reference.seek("").ok());
  for (int page = 1; page <= 4; ++page) {
    auto batch = source.next();
    ASSERT_TRUE(batch.ok()) << batch.status().to_string();
    auto expected = reference.next();
    ASSERT_TRUE(expected.ok());
    EXPECT_EQ(batch->records, expected->records) << "page " << page;
  }
  // A "slow" fault within the timeout would succeed early; all others cost a retry.
  EXPECT_GE(source.stats().retries, 4);
  EXPECT_LE(source.stats().retries, 12);
  EXPECT_EQ(source.stats().requests, 4 + source.stats().retries);
}

TEST(HttpSource, GivesUpWithTheUrlAttemptsAndReasonAndKeepsItsCursor) {
  mock::MockServer server(mock_options(1.0));
  ASSERT_TRUE(server.start().ok());
  HttpSource source(source_config(server.port(), 2));  // fewer attempts than the mock's faults
  ASSERT_TRUE(source.seek("page=7").ok());
  auto batch = source.next();
  ASSERT_FALSE(batch.ok());
  const std::string& message = batch.status().message();
  EXPECT_NE(message.find("page=7"), std::string::npos) << message;
  EXPECT_NE(message.find("2 attempts"), std::string::npos) << message;
  EXPECT_NE(message.find("last:"), std::string::npos) << message;
  EXPECT_NE(source.next_url().find("page=7"), std::string::npos);
}

TEST(HttpSource, DoesNotRetryAClientError) {
  mock::MockServer server(mock_options(0));
  ASSERT_TRUE(server.start().ok());
  HttpSourceConfig config = source_config(server.port(), 6);
  config.results_per_page = 6000;  // the API allows 1..5000
  HttpSource source(config);
  auto batch = source.next();
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(source.stats().requests, 1);
}

TEST(HttpSource, WithoutSeedEveryRequestIsAFreshDrawWithoutCursor) {
  mock::MockServer server(mock_options(0));
  ASSERT_TRUE(server.start().ok());
  HttpSourceConfig config = source_config(server.port(), 1);
  config.seed.reset();
  HttpSource source(config);
  EXPECT_EQ(source.next_url().find("page="), std::string::npos);
  auto a = source.next();
  auto b = source.next();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->cursor_after, "");
  EXPECT_NE(a->records, b->records);
}

TEST(HttpSource, ConnectionRefusedIsRetriedThenReported) {
  int port = 0;
  {
    mock::MockServer gone(mock_options(0));
    ASSERT_TRUE(gone.start().ok());
    port = gone.port();
  }  // stopped: nothing listens there now
  HttpSource source(source_config(port, 3));
  auto batch = source.next();
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(source.stats().requests, 3);
  EXPECT_EQ(source.stats().retries, 2);
}

}  // namespace
}  // namespace sluice
