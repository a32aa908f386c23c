#include <gtest/gtest.h>

#include "cql/endpoint.h"
#include "cql/retry_policy.h"

namespace sluice::cql {
namespace {

using std::chrono::milliseconds;

TEST(CqlEndpoint, ParsesHostPortForms) {
  EXPECT_EQ(parse_endpoint("127.0.0.1:9043")->port, 9043);
  EXPECT_EQ(parse_endpoint("cassandra")->port, kDefaultPort);
  EXPECT_EQ(parse_endpoint("cassandra")->host, "cassandra");
  auto v6 = parse_endpoint("[::1]:9044");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->to_string(), "[::1]:9044");
  EXPECT_EQ(parse_endpoint("::1")->host, "::1");
}

TEST(CqlEndpoint, BadPortsAndEmptyHostsAreInvalid) {
  EXPECT_EQ(parse_endpoint("h:0").status().message(), "bad endpoint 'h:0': port '0'");
  EXPECT_FALSE(parse_endpoint("h:70000").ok());
  EXPECT_FALSE(parse_endpoint("h:").ok());
  EXPECT_FALSE(parse_endpoint("h:9x").ok());
  EXPECT_FALSE(parse_endpoint(":9042").ok());
  EXPECT_FALSE(parse_endpoint("[::1").ok());
}

ServerError server_error(ErrorCode code) {
  ServerError e;
  e.code = code;
  return e;
}

TEST(CqlRetryPolicy, OnlyIdempotentStatementsAreRetried) {
  RetryPolicy p;
  AttemptFailure overloaded{Status::unavailable("x"), server_error(ErrorCode::kOverloaded)};
  EXPECT_TRUE(should_retry(p, true, overloaded, 0));
  EXPECT_FALSE(should_retry(p, false, overloaded, 0));
}

TEST(CqlRetryPolicy, RetryableServerErrors) {
  RetryPolicy p;
  for (ErrorCode c : {ErrorCode::kOverloaded, ErrorCode::kUnavailable, ErrorCode::kReadTimeout,
                      ErrorCode::kWriteTimeout}) {
    EXPECT_TRUE(should_retry(p, true, {Status::unavailable("x"), server_error(c)}, 0))
        << error_code_name(c);
  }
  for (ErrorCode c : {ErrorCode::kSyntaxError, ErrorCode::kInvalid, ErrorCode::kWriteFailure,
                      ErrorCode::kReadFailure, ErrorCode::kServerError, ErrorCode::kUnauthorized}) {
    EXPECT_FALSE(should_retry(p, true, {Status::invalid_argument("x"), server_error(c)}, 0))
        << error_code_name(c);
  }
}

TEST(CqlRetryPolicy, ConnectionLossYesClientTimeoutNo) {
  RetryPolicy p;
  EXPECT_TRUE(should_retry(p, true, {Status::unavailable("gone"), std::nullopt, true}, 0));
  EXPECT_FALSE(should_retry(p, true, {Status::timeout("slow"), std::nullopt, false}, 0));
  EXPECT_FALSE(should_retry(p, true, {Status::invalid_argument("bad value"), {}, false}, 0));
}

TEST(CqlRetryPolicy, StopsAfterMaxRetries) {
  RetryPolicy p;
  p.max_retries = 2;
  AttemptFailure lost{Status::unavailable("gone"), std::nullopt, true};
  EXPECT_TRUE(should_retry(p, true, lost, 1));
  EXPECT_FALSE(should_retry(p, true, lost, 2));
}

TEST(CqlRetryPolicy, BackoffDoublesWithJitterAndIsCapped) {
  milliseconds base(100), max(1000);
  EXPECT_EQ(backoff_delay(base, max, 1, 0), milliseconds(50));
  EXPECT_EQ(backoff_delay(base, max, 1, 50), milliseconds(100));  // 50 + 50 % 51
  EXPECT_EQ(backoff_delay(base, max, 3, 0), milliseconds(200));   // 400 / 2
  EXPECT_EQ(backoff_delay(base, max, 20, 0), milliseconds(500));  // capped at 1000
  for (uint64_t r = 0; r < 1000; r += 37) {
    auto d = backoff_delay(base, max, 2, r * 7919);
    EXPECT_GE(d, milliseconds(100));
    EXPECT_LE(d, milliseconds(200));
  }
}

}  // namespace
}  // namespace sluice::cql
