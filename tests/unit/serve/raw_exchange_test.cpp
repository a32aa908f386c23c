// HttpServer::answer_raw: raw request bytes through cpp-httplib's parsing and the server's own
// routes without a socket, as the HTTP fuzzer (tests/fuzz/http_request_fuzz.cpp) drives them.
// Requests no client library would send still get an HTTP answer.
#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>

#include "core/health.h"
#include "serve/api_access.h"
#include "serve/http_server.h"

namespace sluice {
namespace {

class RawExchange : public ::testing::Test {
 protected:
  Health health_;
  HttpServer server_{"127.0.0.1:0",
                     ApiAccess{.token = "raw-exchange-token-0123", .token_source = "the test"},
                     std::make_shared<prometheus::Registry>(),
                     [] { return std::string(R"({"state":"running"})"); }, &health_};
};

TEST_F(RawExchange, AnswersARequestFromItsBytes) {
  std::string answer = server_.answer_raw("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 200 OK\r\n")) << answer;
  EXPECT_TRUE(answer.ends_with("\r\n\r\nok\n")) << answer;
  answer = server_.answer_raw(
      "GET /api/v1/status HTTP/1.1\r\nAuthorization: Bearer raw-exchange-token-0123\r\n\r\n");
  EXPECT_NE(answer.find(R"({"state":"running"})"), std::string::npos) << answer;
  // The API's guard stands on this path too.
  answer = server_.answer_raw("GET /api/v1/status HTTP/1.1\r\n\r\n");
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 401 ")) << answer;
}

TEST_F(RawExchange, UnknownApiPathIsTheApisJsonError) {
  const std::string answer = server_.answer_raw(
      "GET /api/v1/nothing HTTP/1.1\r\nAuthorization: Bearer raw-exchange-token-0123\r\n\r\n");
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 404 ")) << answer;
  EXPECT_NE(answer.find("no endpoint GET /api/v1/nothing"), std::string::npos) << answer;
}

TEST_F(RawExchange, GarbageIsRefusedNotCrashedOn) {
  // Its first word reads as a method nobody implements: 501 with the API's problem body.
  EXPECT_TRUE(server_.answer_raw("\x01\xff garbage\r\n\r\n").starts_with("HTTP/1.1 501 "));
  EXPECT_TRUE(server_.answer_raw("GET\r\n\r\n").starts_with("HTTP/1.1 400 "));
  EXPECT_EQ(server_.answer_raw(""), "");  // the client closed before sending anything
}

}  // namespace
}  // namespace sluice
