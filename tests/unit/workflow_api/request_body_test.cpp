// Reading request bodies and query parameters: every refusal names the field at fault (or the
// byte where the JSON broke), and nothing a client sends throws.
#include "serve/api/request_body.h"

#include <gtest/gtest.h>

#include <string>

#include "serve/api/query_params.h"

namespace sluice::api {
namespace {

using nlohmann::json;

ApiFailure refused(const Check& check) {
  EXPECT_TRUE(check.has_value());
  return check.value_or(ApiFailure{0, "accepted", ""});
}

TEST(RequestBody, EmptyBodyIsAnEmptyObject) {
  json body;
  EXPECT_FALSE(parse_body("", &body));
  EXPECT_EQ(body, json::object());
  EXPECT_FALSE(parse_body(" \n", &body));
  EXPECT_EQ(body, json::object());
}

TEST(RequestBody, MalformedJsonNamesTheByte) {
  json body;
  ApiFailure f = refused(parse_body(R"({"logical_date": tru})", &body));
  EXPECT_EQ(f.status, 400);
  EXPECT_EQ(f.field, "");
  EXPECT_NE(f.detail.find("malformed JSON at byte 21: parse error at line 1, column 21"),
            std::string::npos)
      << f.detail;
  EXPECT_EQ(f.detail.find("[json.exception"), std::string::npos) << f.detail;
}

TEST(RequestBody, TruncatedAndNotUtf8AreMalformed) {
  json body;
  EXPECT_NE(refused(parse_body(R"({"a": ")", &body)).detail.find("malformed JSON"),
            std::string::npos);
  EXPECT_NE(refused(parse_body("{\"a\": \"\xff\"}", &body)).detail.find("malformed JSON"),
            std::string::npos);
}

TEST(RequestBody, OnlyAnObjectIsABody) {
  json body;
  ApiFailure f = refused(parse_body("[1, 2]", &body));
  EXPECT_EQ(f.status, 400);
  EXPECT_EQ(f.detail, "the body must be a JSON object, not an array");
}

TEST(RequestBody, OversizedBodyIs413) {
  json body;
  ApiFailure f = refused(parse_body(std::string(kMaxBodyBytes + 1, ' '), &body));
  EXPECT_EQ(f.status, 413);
  EXPECT_NE(f.detail.find("65537 bytes"), std::string::npos) << f.detail;
}

TEST(RequestBody, UnknownFieldIsNamedWithTheAllowedOnes) {
  const json body = json::parse(R"({"logical_date": "2024-01-01", "conf": {}})");
  ApiFailure f = refused(only_fields(body, {"logical_date", "params"}));
  EXPECT_EQ(f.field, "conf");
  EXPECT_EQ(f.detail, "unknown field \"conf\" (this request takes: logical_date, params)");
}

TEST(RequestBody, WrongTypesNameTheField) {
  const json body =
      json::parse(R"({"is_paused": "yes", "date": 5, "params": {"who": 1}, "tasks": ["a", null]})");
  std::optional<bool> paused;
  ApiFailure f = refused(read_bool(body, "is_paused", &paused));
  EXPECT_EQ(f.field, "is_paused");
  EXPECT_EQ(f.detail, "is_paused must be true or false, not a string");
  std::optional<std::string> date;
  EXPECT_EQ(refused(read_string(body, "date", &date)).detail,
            "date must be a string, not a number");
  std::map<std::string, std::string> params;
  f = refused(read_string_map(body, "params", &params));
  EXPECT_EQ(f.field, "params.who");
  std::vector<std::string> tasks;
  f = refused(read_string_list(body, "tasks", &tasks));
  EXPECT_EQ(f.field, "tasks[1]");
  EXPECT_EQ(f.detail, "tasks[1] must be a string, not null");
}

TEST(RequestBody, NullIsNotGiven) {
  const json body = json::parse(R"({"logical_date": null, "params": null})");
  std::optional<std::string> date;
  std::map<std::string, std::string> params;
  EXPECT_FALSE(read_string(body, "logical_date", &date));
  EXPECT_FALSE(read_string_map(body, "params", &params));
  EXPECT_FALSE(date.has_value());
  EXPECT_TRUE(params.empty());
}

TEST(QueryParams, UnknownAndRepeatedParametersAreRefused) {
  HttpRequest request;
  request.query = {{"limit", "5"}, {"sort", "asc"}};
  ApiFailure f = refused(only_query(request, {"limit", "offset"}));
  EXPECT_EQ(f.field, "sort");
  EXPECT_EQ(f.detail, "unknown query parameter \"sort\" (this endpoint takes: limit, offset)");
  request.query = {{"limit", "5"}, {"limit", "6"}};
  EXPECT_EQ(refused(only_query(request, {"limit"})).field, "limit");
  request.query = {{"limit", "5"}};
  EXPECT_FALSE(only_query(request, {"limit"}));
}

TEST(QueryParams, WholeNumbersInRange) {
  int value = 7;
  for (const char* bad : {"", "0", "1001", "5x", "-1", "1.5", "99999999999"}) {
    ApiFailure f = refused(parse_int(bad, "limit", 1, 1000, &value));
    EXPECT_EQ(f.field, "limit") << bad;
    EXPECT_EQ(f.detail,
              std::string("limit must be a whole number from 1 to 1000, not \"") + bad + "\"");
  }
  EXPECT_EQ(value, 7);
  EXPECT_FALSE(parse_int("1000", "limit", 1, 1000, &value));
  EXPECT_EQ(value, 1000);
}

}  // namespace
}  // namespace sluice::api
