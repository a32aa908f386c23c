// The ingest metrics move when their events happen: responses by HTTP status (a 500 from a
// local server, a refused connection as "error"), bytes fetched, run durations and the cursor.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <prometheus/registry.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "core/http_listener.h"
#include "ingest/http/http_source.h"
#include "ingest/ingest_loop.h"
#include "ingest/probe.h"
#include "metric_value.h"

namespace sluice {
namespace {

using testing::metric_value;

constexpr std::string_view kPage =
    R"({"results":[{"login":{"username":"ann"}},{"login":{"username":"bob"}}],"info":{}})";

// Answers the first `failures` requests with HTTP 500, then one page of two records, then
// empty pages (so a run ends).
class FlakyApi : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Get("/api/", [this](const httplib::Request&, httplib::Response& res) {
      const int n = requests_++;
      if (n < failures_) {
        res.status = 500;
        res.set_content(R"({"error":"planted"})", "application/json");
      } else if (n == failures_) {
        res.set_content(std::string(kPage), "application/json");
      } else {
        res.set_content(R"({"results":[],"info":{}})", "application/json");
      }
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = serve_after_bind(server_);
  }
  void TearDown() override {
    server_.stop();
    thread_.join();
  }
  HttpSourceConfig config(int port) const {
    HttpSourceConfig c;
    c.url = "http://127.0.0.1:" + std::to_string(port) + "/api/";
    c.results_per_page = 2;
    c.pages_per_run = 3;
    c.seed = "unit";
    c.connect_timeout_ms = 1000;
    c.read_timeout_ms = 1000;
    c.retry.max_attempts = 3;
    c.retry.initial_backoff_ms = 1;
    c.retry.max_backoff_ms = 2;
    return c;
  }
  Mapper key_mapper() {
    FieldConfig f;
    f.name = "username";
    f.from = "login.username";
    auto m = Mapper::compile({f}, schema_);
    EXPECT_TRUE(m.ok()) << m.status().to_string();
    return std::move(m).value();
  }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int> requests_{0};
  int failures_ = 2;
  Schema schema_{{{"username", FieldType::kText}}, "username"};
  prometheus::Registry registry_;
  IngestProbe probe_{registry_, "demo"};
};

TEST_F(FlakyApi, CountsResponsesByStatusAndTheirBytes) {
  HttpSource source(config(port_));
  source.set_fetch_observer(
      [this](std::string_view status, int64_t bytes) { probe_.fetch_done(status, bytes); });
  ASSERT_TRUE(source.seek("").ok());
  auto batch = source.next();  // 500, 500, then the page
  ASSERT_TRUE(batch.ok()) << batch.status().to_string();
  EXPECT_EQ(metric_value(registry_, "sluice_ingest_requests_total", "status", "500"), 2);
  EXPECT_EQ(metric_value(registry_, "sluice_ingest_requests_total", "status", "200"), 1);
  EXPECT_EQ(metric_value(registry_, "sluice_ingest_requests_total", "status", "error"), -1)
      << "no series for an outcome that never happened";
  const double error_body = std::string_view(R"({"error":"planted"})").size();
  EXPECT_EQ(metric_value(registry_, "sluice_ingest_fetched_bytes_total"),
            2 * error_body + static_cast<double>(kPage.size()));
}

TEST_F(FlakyApi, ARefusedConnectionCountsAsError) {
  // A port nothing listens on: bind one, then let it go.
  int closed_port = 0;
  {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
    closed_port = ntohs(addr.sin_port);
    ::close(fd);
  }
  HttpSourceConfig c = config(closed_port);
  c.retry.max_attempts = 2;
  HttpSource source(c);
  source.set_fetch_observer(
      [this](std::string_view status, int64_t bytes) { probe_.fetch_done(status, bytes); });
  ASSERT_TRUE(source.seek("").ok());
  EXPECT_FALSE(source.next().ok());
  EXPECT_EQ(metric_value(registry_, "sluice_ingest_requests_total", "status", "error"), 2);
  EXPECT_EQ(metric_value(registry_, "sluice_ingest_fetched_bytes_total"), 0);
}

TEST_F(FlakyApi, TheLoopTimesEachRunAndMovesTheCursorGauge) {
  failures_ = 1;
  HttpSource source(config(port_));
  Mapper mapper = key_mapper();
  Ingestor ingestor(&source, &mapper, nullptr);  // a dry run: the cursor comes from the runs
  std::atomic<bool> stop{false};
  IngestLoopOptions loop{.interval_ms = 1, .once = true};
  EXPECT_EQ(metric_value(registry_, "sluice_ingest_cursor"), 0);
  EXPECT_EQ(run_ingest_loop(ingestor, probe_, loop, stop), 0);
  EXPECT_EQ(metric_value(registry_, "sluice_ingest_run_duration_seconds"), 1) << "one run";
  EXPECT_EQ(metric_value(registry_, "sluice_ingest_cursor"), 2) << "page 1 read, page 2 next";
  EXPECT_EQ(metric_value(registry_, "sluice_ingest_requests_total", "status", "500"), 1);
  // 500, the page, the empty page that ends the run.
  EXPECT_EQ(metric_value(registry_, "sluice_ingest_requests_total", "status", "200"), 2);

  // The loop let go of the source: responses after it are nobody's.
  ASSERT_TRUE(source.next().ok());
  EXPECT_EQ(metric_value(registry_, "sluice_ingest_requests_total", "status", "200"), 2);
}

TEST(IngestProbe, AFailedRunIsTimedButLeavesTheCursorGauge) {
  prometheus::Registry registry;
  IngestProbe probe(registry, "demo");
  IngestSummary ok;
  ok.cursor_after = "offset=4096";
  probe.run_done(ok, 0.02);
  EXPECT_EQ(metric_value(registry, "sluice_ingest_cursor"), 4096);
  probe.run_done(Status::unavailable("api away"), 1.5);
  EXPECT_EQ(metric_value(registry, "sluice_ingest_run_duration_seconds"), 2);
  EXPECT_EQ(metric_value(registry, "sluice_ingest_cursor"), 4096);
  ok.cursor_after = "";  // a source without a seed has no position: the gauge keeps its value
  probe.run_done(ok, 0.01);
  EXPECT_EQ(metric_value(registry, "sluice_ingest_cursor"), 4096);
}

TEST(IngestProbe, AFileReadCountsBytesButNoRequest) {
  prometheus::Registry registry;
  IngestProbe probe(registry, "demo");
  probe.fetch_done("", 1234);
  EXPECT_EQ(metric_value(registry, "sluice_ingest_fetched_bytes_total"), 1234);
  EXPECT_EQ(metric_value(registry, "sluice_ingest_requests_total"), -1);
}

}  // namespace
}  // namespace sluice
