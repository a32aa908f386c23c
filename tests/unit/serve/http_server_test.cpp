// HttpServer binds its address alone: a second server on a port in use is refused with a clear
// error, as `sluice run` promises, instead of sharing the port (SO_REUSEPORT) and answering
// half of the requests. /readyz follows the process's Health.
#include "serve/http_server.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <prometheus/counter.h>

#include <string>

#include "serve_test_util.h"

namespace sluice {
namespace {

using testing::free_port;

Health& shared_health() {
  static Health health;
  return health;
}

HttpServer make_server(const std::string& listen, const Health* health = &shared_health()) {
  return HttpServer(
      listen, testing::test_api_access(), std::make_shared<prometheus::Registry>(),
      [] { return "{}"; }, health);
}

std::string loopback(int port) {
  return "127.0.0.1:" + std::to_string(port);
}

TEST(HttpServer, SecondServerOnTheSamePortIsRefused) {
  const int port = free_port();
  ASSERT_GT(port, 0);
  const std::string listen = loopback(port);
  HttpServer first = make_server(listen);
  ASSERT_TRUE(first.start().ok());
  HttpServer second = make_server(listen);
  Status refused = second.start();
  EXPECT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("cannot listen on " + listen), std::string::npos)
      << refused.message();

  // The first one still answers every request.
  httplib::Client client("127.0.0.1", port);
  for (int i = 0; i < 10; ++i) {
    auto res = client.Get("/healthz");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
  }
  first.stop();
}

// Also a stop() at once after start() (the accept loop may not be running yet) returns.
TEST(HttpServer, RestartsOnTheSamePortRightAway) {
  const int port = free_port();
  ASSERT_GT(port, 0);
  {
    HttpServer first = make_server(loopback(port));
    ASSERT_TRUE(first.start().ok());
    httplib::Client client("127.0.0.1", port);
    ASSERT_TRUE(client.Get("/healthz"));  // leaves a connection in TIME_WAIT
    first.stop();
  }
  HttpServer again = make_server(loopback(port));
  EXPECT_TRUE(again.start().ok());
  again.stop();
}

TEST(HttpServer, ReadyzFollowsHealth) {
  const int port = free_port();
  ASSERT_GT(port, 0);
  Health health;
  HttpServer server = make_server(loopback(port), &health);
  ASSERT_TRUE(server.start().ok());
  httplib::Client client("127.0.0.1", port);
  auto get = [&client] {
    auto res = client.Get("/readyz");
    EXPECT_TRUE(res);
    return res ? std::make_pair(res->status, res->body) : std::make_pair(0, std::string());
  };

  EXPECT_EQ(get(), std::make_pair(503, std::string("starting\n")));
  health.started();
  EXPECT_EQ(get(), std::make_pair(200, std::string("ready\n")));
  health.waiting("cassandra", "no node answers: connection refused");
  health.waiting("kafka", "all brokers down");
  auto [status, body] = get();
  EXPECT_EQ(status, 503);
  EXPECT_NE(body.find("cassandra: waiting"), std::string::npos) << body;
  EXPECT_NE(body.find("connection refused"), std::string::npos) << body;
  EXPECT_NE(body.find("kafka: waiting"), std::string::npos) << body;
  health.recovered("cassandra");
  EXPECT_EQ(get().first, 503);
  health.recovered("kafka");
  health.recovered("kafka");  // twice is harmless
  EXPECT_EQ(get(), std::make_pair(200, std::string("ready\n")));
  server.stop();
}

TEST(HttpServer, MetricsCarryTheProcessMetricsBesideTheRegistrys) {
  const int port = free_port();
  ASSERT_GT(port, 0);
  auto registry = std::make_shared<prometheus::Registry>();
  prometheus::BuildCounter()
      .Name("sluice_test_total")
      .Help("a test counter")
      .Register(*registry)
      .Add({})
      .Increment(3);
  HttpServer server(
      loopback(port), testing::test_api_access(), registry, [] { return "{}"; }, &shared_health());
  ASSERT_TRUE(server.start().ok());
  httplib::Client client("127.0.0.1", port);
  auto res = client.Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  for (const char* name :
       {"sluice_test_total 3", "process_cpu_seconds_total ", "process_resident_memory_bytes ",
        "process_open_fds ", "process_start_time_seconds ", "sluice_build_info{"}) {
    EXPECT_NE(res->body.find(name), std::string::npos) << name << " missing from\n" << res->body;
  }
  server.stop();
}

TEST(HttpServer, ServesTheDashboardFilesCompiledIn) {
  const int port = free_port();
  ASSERT_GT(port, 0);
  HttpServer server = make_server(loopback(port));
  ASSERT_TRUE(server.start().ok());
  httplib::Client client("127.0.0.1", port);
  auto index = client.Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(index->body.find("/ui/main.js"), std::string::npos);
  // Every file index.html and the modules load is there, with its type.
  for (const char* name : {"main.js", "pipeline.js", "workflows.js", "charts.js", "dom.js"}) {
    auto res = client.Get(std::string("/ui/") + name);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << name;
    EXPECT_EQ(res->get_header_value("Content-Type"), "text/javascript; charset=utf-8") << name;
    EXPECT_FALSE(res->body.empty()) << name;
  }
  auto css = client.Get("/ui/dashboard.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");
  auto missing = client.Get("/ui/nothing.js");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  auto climbing = client.Get("/ui/../CMakeLists.txt");
  ASSERT_TRUE(climbing);
  EXPECT_NE(climbing->status, 200);
  server.stop();
}

}  // namespace
}  // namespace sluice
