#include "cql/server_error.h"

#include <gtest/gtest.h>

#include <string>

#include "sample_frames.h"

namespace sluice::cql {
namespace {

ServerError decode(int32_t code) {
  std::string body = testing::error_body(code);
  WireReader r(body);
  auto e = decode_server_error(r);
  EXPECT_TRUE(e.ok()) << e.status().to_string();
  return e.ok() ? *e : ServerError{};
}

TEST(CqlServerError, UnavailableCarriesReplicaCounts) {
  ServerError e = decode(0x1000);
  EXPECT_EQ(e.code, ErrorCode::kUnavailable);
  EXPECT_EQ(e.consistency, Consistency::kLocalQuorum);
  EXPECT_EQ(e.required, 3);
  EXPECT_EQ(e.alive, 1);
  EXPECT_TRUE(e.retryable());
  Status s = e.to_status();
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(s.message(),
            "Unavailable (0x1000): something went wrong [LOCAL_QUORUM: 1 of 3 required replicas "
            "alive]");
}

TEST(CqlServerError, WriteTimeoutCarriesWriteType) {
  ServerError e = decode(0x1100);
  EXPECT_EQ(e.received, 1);
  EXPECT_EQ(e.block_for, 2);
  EXPECT_EQ(e.write_type, "SIMPLE");
  EXPECT_EQ(e.to_status().code(), StatusCode::kTimeout);
  EXPECT_TRUE(e.retryable());
}

TEST(CqlServerError, ReadTimeoutCarriesDataPresent) {
  ServerError e = decode(0x1200);
  EXPECT_EQ(e.consistency, Consistency::kOne);
  EXPECT_FALSE(e.data_present);
  EXPECT_EQ(e.to_status().code(), StatusCode::kTimeout);
}

TEST(CqlServerError, AlreadyExistsNamesTheTable) {
  ServerError e = decode(0x2400);
  EXPECT_EQ(e.keyspace, "ks");
  EXPECT_EQ(e.table, "t");
  EXPECT_EQ(e.to_status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(e.retryable());
}

TEST(CqlServerError, UnpreparedCarriesTheId) {
  ServerError e = decode(0x2500);
  EXPECT_EQ(e.unprepared_id, std::string("\xaa\xbb", 2));
  EXPECT_EQ(e.to_status().code(), StatusCode::kNotFound);
}

ServerError error_of(ErrorCode code, std::string message = "m") {
  ServerError e;
  e.code = code;
  e.message = std::move(message);
  return e;
}

TEST(CqlServerError, StatusMappingByCode) {
  auto status_of = [](ErrorCode c) { return error_of(c).to_status().code(); };
  EXPECT_EQ(status_of(ErrorCode::kOverloaded), StatusCode::kUnavailable);
  EXPECT_EQ(status_of(ErrorCode::kIsBootstrapping), StatusCode::kUnavailable);
  EXPECT_EQ(status_of(ErrorCode::kSyntaxError), StatusCode::kInvalidArgument);
  EXPECT_EQ(status_of(ErrorCode::kInvalid), StatusCode::kInvalidArgument);
  EXPECT_EQ(status_of(ErrorCode::kConfigError), StatusCode::kInvalidArgument);
  EXPECT_EQ(status_of(ErrorCode::kProtocolError), StatusCode::kInternal);
  EXPECT_EQ(status_of(ErrorCode::kServerError), StatusCode::kInternal);
  EXPECT_EQ(error_of(ErrorCode::kBadCredentials, "bad").to_status().message(),
            "authentication failed: Bad_credentials (0x0100): bad");
  EXPECT_FALSE(error_of(ErrorCode::kSyntaxError).retryable());
  EXPECT_TRUE(error_of(ErrorCode::kOverloaded).retryable());
}

TEST(CqlServerError, UnknownCodeKeepsItsNumber) {
  ServerError e = error_of(static_cast<ErrorCode>(0x7777), "odd");
  EXPECT_EQ(e.describe(), "Unknown_error (0x7777): odd");
}

TEST(CqlServerError, TruncatedExtrasAreCorruption) {
  std::string body = testing::error_body(0x1000);
  body.resize(body.size() - 2);
  WireReader r(body);
  auto e = decode_server_error(r);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().message(), "Unavailable error: [int] at byte 32 needs 4 bytes, 2 left");
}

}  // namespace
}  // namespace sluice::cql
