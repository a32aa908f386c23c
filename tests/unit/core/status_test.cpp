#include "core/status.h"

#include <gtest/gtest.h>

#include <memory>

namespace sluice {
namespace {

TEST(Status, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.to_string(), "OK");
}

TEST(Status, CarriesCodeAndMessage) {
  Status s = Status::io_error("fsync p0: No space left");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_EQ(s.to_string(), "IoError: fsync p0: No space left");
}

TEST(Status, WithContextKeepsCode) {
  Status s = Status::timeout("no answer").with_context("reading page 3");
  EXPECT_EQ(s.code(), StatusCode::kTimeout);
  EXPECT_EQ(s.message(), "reading page 3: no answer");
  EXPECT_TRUE(Status().with_context("ignored").ok());
}

Result<int> parse_digit(char c) {
  if (c < '0' || c > '9') return Status::invalid_argument("not a digit");
  return c - '0';
}

Result<int> twice(char c) {
  SLUICE_ASSIGN_OR_RETURN(int d, parse_digit(c));
  return d * 2;
}

Status check_digit(char c) {
  SLUICE_RETURN_IF_ERROR(parse_digit(c).status());
  return {};
}

TEST(Result, ValueOrStatus) {
  Result<int> ok = parse_digit('7');
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 7);
  EXPECT_TRUE(ok.status().ok());
  Result<int> bad = parse_digit('x');
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
}

TEST(Result, MacrosPropagate) {
  EXPECT_EQ(*twice('4'), 8);
  EXPECT_EQ(twice('z').status().message(), "not a digit");
  EXPECT_TRUE(check_digit('1').ok());
  EXPECT_EQ(check_digit('q').code(), StatusCode::kInvalidArgument);
}

TEST(Result, HoldsMoveOnlyValues) {
  Result<std::unique_ptr<int>> r(std::make_unique<int>(5));
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 5);
}

TEST(Status, EveryCodeHasAName) {
  for (int c = 0; c <= static_cast<int>(StatusCode::kInternal); ++c) {
    EXPECT_NE(status_code_name(static_cast<StatusCode>(c)), "Unknown") << c;
  }
}

}  // namespace
}  // namespace sluice
