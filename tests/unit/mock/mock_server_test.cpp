#include "mock/mock_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "mock/request_faults.h"

namespace sluice::mock {
namespace {

using Json = nlohmann::json;

MockServerOptions options(double invalid_rate, double error_rate) {
  MockServerOptions o;
  o.port = 0;
  o.invalid_rate = invalid_rate;
  o.error_rate = error_rate;
  o.slow_ms = 10;
  o.retry_after_s = 0;
  o.log_requests = false;
  return o;
}

TEST(MockServer, ServesPagesAndRejectsBadSizes) {
  MockServer server(options(0, 0));
  ASSERT_TRUE(server.start().ok());
  httplib::Client client("127.0.0.1", server.port());
  auto res = client.Get("/api/?results=7&page=2&seed=abc");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  Json body = Json::parse(res->body);
  EXPECT_EQ(body["results"].size(), 7u);
  EXPECT_EQ(body["info"]["page"], 2);
  EXPECT_EQ(body["info"]["seed"], "abc");

  auto again = client.Get("/api/?results=7&page=2&seed=abc");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, res->body);

  for (const char* bad :
       {"/api/?results=5001", "/api/?results=0", "/api/?results=abc", "/api/?results=5&page=0"}) {
    auto r = client.Get(bad);
    ASSERT_TRUE(r) << bad;
    EXPECT_EQ(r->status, 400) << bad;
    EXPECT_TRUE(Json::parse(r->body).contains("error")) << bad;
  }
}

// --max-page gives the source an end: later pages are empty, earlier ones unchanged, and
// errors never hide the end.
TEST(MockServer, PagesAfterMaxPageAreEmpty) {
  MockServerOptions with_end = options(0, 1.0);
  with_end.max_page = 3;
  MockServer server(with_end);
  ASSERT_TRUE(server.start().ok());
  MockServer endless(options(0, 0));
  ASSERT_TRUE(endless.start().ok());
  httplib::Client client("127.0.0.1", server.port());
  httplib::Client reference("127.0.0.1", endless.port());

  // Every request fails at error rate 1 (some with status 200 and a broken body), until a
  // page's 4th attempt, which always succeeds.
  auto last = client.Get("/api/?results=5&page=3&seed=m");
  for (int attempt = 1; attempt <= kMaxFaultyAttempts; ++attempt)
    last = client.Get("/api/?results=5&page=3&seed=m");
  ASSERT_TRUE(last);
  ASSERT_EQ(last->status, 200);
  auto same = reference.Get("/api/?results=5&page=3&seed=m");
  ASSERT_TRUE(same);
  EXPECT_EQ(last->body, same->body);

  auto past = client.Get("/api/?results=5&page=4&seed=m");
  ASSERT_TRUE(past);
  EXPECT_EQ(past->status, 200);
  Json body = Json::parse(past->body);
  EXPECT_TRUE(body["results"].empty());
  EXPECT_EQ(body["info"]["page"], 4);
}

// A second mock on a port in use fails instead of sharing it (httplib's default SO_REUSEPORT
// would let both listen and split the requests between them).
TEST(MockServer, SecondServerOnTheSamePortIsRefused) {
  MockServer first(options(0, 0));
  ASSERT_TRUE(first.start().ok());
  MockServerOptions same = options(0, 0);
  same.port = first.port();
  MockServer second(same);
  Status refused = second.start();
  EXPECT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("cannot bind"), std::string::npos) << refused.message();
}

TEST(MockServer, WithoutSeedEachRequestIsAFreshDraw) {
  MockServer server(options(0, 0));
  ASSERT_TRUE(server.start().ok());
  httplib::Client client("127.0.0.1", server.port());
  auto a = client.Get("/api/?results=3");
  auto b = client.Get("/api/?results=3");
  ASSERT_TRUE(a && b);
  Json ja = Json::parse(a->body), jb = Json::parse(b->body);
  EXPECT_NE(ja["info"]["seed"], jb["info"]["seed"]);
  EXPECT_EQ(ja["info"]["seed"].get<std::string>().size(), 16u);
}

// One request's outcome, coarse enough to compare: -1 when the connection broke.
std::string outcome(const httplib::Result& res) {
  if (!res) return "broken";
  return std::to_string(res->status) + ":" + std::to_string(res->body.size()) + ":" +
         (Json::accept(res->body) && !Json::parse(res->body).contains("error") ? "ok" : "bad");
}

TEST(MockServer, FailingRequestsSucceedOnceThePageWasTriedEnough) {
  MockServer server(options(0, 1.0));
  ASSERT_TRUE(server.start().ok());
  httplib::Client client("127.0.0.1", server.port());
  std::vector<std::string> first_round;
  for (int attempt = 0; attempt < 4; ++attempt) {
    first_round.push_back(outcome(client.Get("/api/?results=4&page=1&seed=f")));
  }
  // Error rate 1: every one of the first three attempts is faulty ("slow" ones still answer
  // correctly), and the fourth is always clean.
  ASSERT_TRUE(first_round[3].starts_with("200:") && first_round[3].ends_with(":ok"))
      << first_round[3];
  // A clean answer restarts the count, so the same faults come again in the same order.
  std::vector<std::string> second_round;
  for (int attempt = 0; attempt < 4; ++attempt) {
    second_round.push_back(outcome(client.Get("/api/?results=4&page=1&seed=f")));
  }
  EXPECT_EQ(first_round, second_round);
}

TEST(MockServer, ErrorRateFailsVisibly) {
  MockServer server(options(0, 1.0));
  ASSERT_TRUE(server.start().ok());
  httplib::Client client("127.0.0.1", server.port());
  int failed = 0;
  for (int page = 1; page <= 20; ++page) {
    std::string path = "/api/?results=3&seed=v&page=" + std::to_string(page);
    failed += outcome(client.Get(path)).ends_with(":ok") ? 0 : 1;
  }
  EXPECT_GT(failed, 10);  // all but the slow ones
}

// --down fails every attempt of every page, where --error-rate 1 gives in at the 4th; the
// debug endpoint still answers, as it never fails.
TEST(MockServer, DownAnswers503ToEveryAttempt) {
  MockServerOptions down = options(0, 0);
  down.down = true;
  MockServer server(down);
  ASSERT_TRUE(server.start().ok());
  httplib::Client client("127.0.0.1", server.port());
  for (int attempt = 0; attempt < 6; ++attempt) {
    auto res = client.Get("/api/?results=4&page=1&seed=d");
    ASSERT_TRUE(res) << attempt;
    EXPECT_EQ(res->status, 503) << attempt;
  }
  auto expectations = client.Get("/debug/expectations?results=4&page=1&seed=d");
  ASSERT_TRUE(expectations);
  EXPECT_EQ(expectations->status, 200);
}

TEST(MockServer, ExpectationsDescribeTheServedPage) {
  MockServer server(options(0.5, 0));
  ASSERT_TRUE(server.start().ok());
  httplib::Client client("127.0.0.1", server.port());
  auto page = client.Get("/api/?results=40&page=3&seed=e");
  auto exp = client.Get("/debug/expectations?results=40&page=3&seed=e");
  ASSERT_TRUE(page && exp);
  Json records = Json::parse(page->body)["results"];
  Json expected = Json::parse(exp->body)["records"];
  ASSERT_EQ(expected.size(), 40u);
  int broken = 0;
  for (size_t i = 0; i < 40; ++i) {
    const Json& login = records[i].contains("login") ? records[i]["login"] : Json::object();
    if (expected[i]["username"].is_null()) {
      EXPECT_TRUE(!login.contains("username") || !login["username"].is_string());
    } else {
      EXPECT_EQ(expected[i]["username"], login["username"]);
    }
    broken += expected[i]["broken"].empty() ? 0 : 1;
  }
  EXPECT_GT(broken, 5);
  auto no_seed = client.Get("/debug/expectations?results=4&page=1");
  ASSERT_TRUE(no_seed);
  EXPECT_EQ(no_seed->status, 400);
}

}  // namespace
}  // namespace sluice::mock
