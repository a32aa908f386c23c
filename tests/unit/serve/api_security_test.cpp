// The guards of HttpServer on a real socket (docs/operations.md, "Security"): /api/ needs the
// bearer token (401 with WWW-Authenticate and the API's JSON error otherwise) and is
// rate-limited (429 with Retry-After); /healthz, /readyz, /metrics and the dashboard stay open;
// bodies over 64 KiB are refused (413) on every path, too many headers too (431); an unknown
// method gets 501 with a JSON error; and no answer carries a CORS header.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "serve/http_server.h"
#include "serve_test_util.h"

namespace sluice {
namespace {

using testing::kTestApiToken;

class ApiSecurityTest : public ::testing::Test {
 protected:
  void start(double rate_limit_per_s = 100, int rate_limit_burst = 200) {
    port_ = testing::free_port();
    ASSERT_GT(port_, 0);
    health_.started();
    server_ = std::make_unique<HttpServer>(
        "127.0.0.1:" + std::to_string(port_),
        testing::test_api_access(rate_limit_per_s, rate_limit_burst),
        std::make_shared<prometheus::Registry>(), [] { return R"({"ok":true})"; }, &health_);
    server_->mount("/api/v1/echo", [](const HttpRequest& req) {
      HttpResponse res;
      res.body = req.body;
      return res;
    });
    ASSERT_TRUE(server_->start().ok());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
  }
  void TearDown() override {
    if (client_) client_->stop();  // a kept-alive connection would hold stop() for 5 s
    if (server_) server_->stop();
  }
  static httplib::Headers bearer(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
  }
  static void expect_problem(const httplib::Result& res, int status) {
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, status);
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json");
    auto body = nlohmann::json::parse(res->body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << res->body;
    EXPECT_EQ(body["status"], status) << res->body;
  }

  Health health_;
  int port_ = 0;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ApiSecurityTest, TheApiNeedsTheBearerToken) {
  start();
  for (const httplib::Headers& headers :
       {httplib::Headers{}, bearer("wrong-token-0123456789abcdef"), bearer(""),
        bearer(std::string(kTestApiToken) + "x"),
        httplib::Headers{{"Authorization", kTestApiToken}},
        httplib::Headers{{"Authorization", std::string("Basic ") + kTestApiToken}}}) {
    for (const char* path : {"/api/v1/status", "/api/v1/echo", "/api/v1/nothing", "/api/"}) {
      auto res = client_->Get(path, headers);
      expect_problem(res, 401);
      EXPECT_TRUE(res->get_header_value("WWW-Authenticate").starts_with("Bearer")) << path;
      EXPECT_EQ(res->body.find(kTestApiToken), std::string::npos);
    }
  }
  auto ok = client_->Get("/api/v1/status", bearer(kTestApiToken));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->body, R"({"ok":true})");
  // The scheme in any case (RFC 7235); an unknown path with the token is a 404, not a 401.
  auto lower =
      client_->Get("/api/v1/status", {{"Authorization", std::string("bearer ") + kTestApiToken}});
  ASSERT_TRUE(lower);
  EXPECT_EQ(lower->status, 200);
  expect_problem(client_->Get("/api/v1/nothing", bearer(kTestApiToken)), 404);
  // A POST without the token never reaches the handler; its unread body is not taken for the
  // next request on the same client (the refusal closes the connection).
  client_->set_keep_alive(true);
  expect_problem(client_->Post("/api/v1/echo", std::string(30000, 'x'), "text/plain"), 401);
  auto next = client_->Post("/api/v1/echo", bearer(kTestApiToken), "{}", "application/json");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
  EXPECT_EQ(next->body, "{}");
}

TEST_F(ApiSecurityTest, HealthMetricsAndTheDashboardStayOpen) {
  start();
  for (const char* path : {"/healthz", "/readyz", "/metrics", "/", "/ui/main.js"}) {
    auto res = client_->Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 200) << path;
  }
}

TEST_F(ApiSecurityTest, TooManyRequestsGet429WithRetryAfter) {
  start(1, 3);  // 3 at once, then one a second
  for (int i = 0; i < 3; ++i) {
    auto res = client_->Get("/api/v1/status", bearer(kTestApiToken));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << i;
  }
  auto limited = client_->Get("/api/v1/status", bearer(kTestApiToken));
  expect_problem(limited, 429);
  EXPECT_EQ(limited->get_header_value("Retry-After"), "1");
  // Counted before the token is checked: guessing is throttled as well.
  expect_problem(client_->Get("/api/v1/status", bearer("guess-0123456789abcdef")), 429);
  // The open endpoints are not limited.
  for (int i = 0; i < 10; ++i) {
    auto res = client_->Get("/metrics");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
  }
}

TEST_F(ApiSecurityTest, BodiesOver64KiBAreRefusedEverywhere) {
  start();
  const std::string fits(HttpServer::kMaxRequestBody, 'x');
  auto ok = client_->Post("/api/v1/echo", bearer(kTestApiToken), fits, "text/plain");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->body.size(), fits.size());
  const std::string over = fits + "y";
  expect_problem(client_->Post("/api/v1/echo", bearer(kTestApiToken), over, "text/plain"), 413);
  auto open = client_->Post("/healthz", over, "text/plain");
  ASSERT_TRUE(open);
  EXPECT_EQ(open->status, 413);
}

TEST_F(ApiSecurityTest, TooManyHeadersAreRefused) {
  start();
  httplib::Headers headers = bearer(kTestApiToken);
  for (size_t i = 0; i <= HttpServer::kMaxHeaderCount; ++i)
    headers.emplace("X-Filler-" + std::to_string(i), "1");
  expect_problem(client_->Get("/api/v1/status", headers), 431);
  httplib::Headers big = bearer(kTestApiToken);
  for (int i = 0; i < 8; ++i)
    big.emplace("X-Big-" + std::to_string(i), std::string(5000, 'a'));
  expect_problem(client_->Get("/healthz", big), 431);
}

TEST_F(ApiSecurityTest, AnUnknownMethodGets501WithAJsonError) {
  start();
  httplib::Request req;
  req.method = "BREW";
  req.path = "/api/v1/status";
  req.headers = bearer(kTestApiToken);
  expect_problem(client_->send(req), 501);
}

TEST_F(ApiSecurityTest, NoCorsHeadersAndNoPreflightAllowance) {
  start();
  const httplib::Headers origin = {{"Origin", "http://evil.example"},
                                   {"Access-Control-Request-Method", "GET"},
                                   {"Access-Control-Request-Headers", "authorization"}};
  httplib::Request preflight;
  preflight.method = "OPTIONS";
  preflight.path = "/api/v1/status";
  preflight.headers = origin;
  auto res = client_->send(preflight);
  ASSERT_TRUE(res);
  EXPECT_NE(res->status / 100, 2);
  httplib::Headers with_token = origin;
  with_token.emplace("Authorization", std::string("Bearer ") + kTestApiToken);
  auto expect_no_cors = [](const httplib::Result& answer) {
    ASSERT_TRUE(answer);
    for (const auto& [name, value] : answer->headers)
      EXPECT_FALSE(name.starts_with("Access-Control-")) << name << ": " << value;
  };
  expect_no_cors(res);
  expect_no_cors(client_->Get("/api/v1/status", with_token));
  expect_no_cors(client_->Get("/metrics", origin));
  expect_no_cors(client_->Get("/", origin));
}

}  // namespace
}  // namespace sluice
