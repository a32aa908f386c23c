// PageParser: one API response body -> each record's JSON as sent, and (with a key path) each
// record's key read on the same pass.
#include "ingest/http/page_parser.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "../shipped_config.h"
#include "mock/profile_generator.h"
#include "transform/mapper.h"

namespace sluice {
namespace {

// The parser works on the body in place; tests hand it a copy.
Status parse(PageParser& parser, std::string body, std::vector<std::string>* records,
             std::vector<std::string>* keys = nullptr) {
  std::vector<std::string> ignored;
  return parser.parse(&body, records, keys != nullptr ? keys : &ignored);
}

TEST(PageParser, HandsOutEachRecordAsSent) {
  PageParser parser("results");
  std::vector<std::string> records;
  std::string body = R"({"results": [ {"a": 1,  "b": "x"} , {"c": [1, 2.50]}], "info": {}})";
  ASSERT_TRUE(parse(parser, body, &records).ok());
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0], R"({"a": 1,  "b": "x"})");  // spacing and number spelling kept
  EXPECT_EQ(records[1], R"({"c": [1, 2.50]})");
}

TEST(PageParser, EmptyPageIsNoRecords) {
  PageParser parser("results");
  std::vector<std::string> records{"stale"};
  ASSERT_TRUE(parse(parser, R"({"results": [], "info": {}})", &records).ok());
  EXPECT_TRUE(records.empty());
}

TEST(PageParser, RefusesErrorsAndBrokenBodiesWhole) {
  PageParser parser("results");
  parser.set_key_path({"k"});
  std::string good = R"({"results": [{"k": "a"}, {"b": 2}], "info": {"page": 1}})";
  for (const std::string& bad :
       {std::string(R"({"error": "Uh oh"})"), good.substr(0, good.size() / 2),
        std::string("<html>503</html>"), std::string(R"({"info": {}})"), std::string("")}) {
    std::vector<std::string> records;
    std::vector<std::string> keys{"stale"};
    EXPECT_FALSE(parse(parser, bad, &records, &keys).ok()) << bad;
    EXPECT_TRUE(records.empty()) << bad;
    EXPECT_TRUE(keys.empty()) << bad;
  }
}

TEST(PageParser, FollowsADottedPath) {
  PageParser parser("data.items");
  std::vector<std::string> records;
  ASSERT_TRUE(parse(parser, R"({"data": {"items": [{"k": "v"}]}})", &records).ok());
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0], R"({"k": "v"})");
}

TEST(PageParser, WithoutAKeyPathHandsOutNoKeys) {
  PageParser parser("results");
  std::vector<std::string> records;
  std::vector<std::string> keys{"stale"};
  ASSERT_TRUE(parse(parser, R"({"results": [{"k": "v"}]})", &records, &keys).ok());
  EXPECT_EQ(records.size(), 1u);
  EXPECT_TRUE(keys.empty());
}

TEST(PageParser, ReadsEachRecordsKeyAndLeavesTheRecordWhole) {
  PageParser parser("results");
  parser.set_key_path({"login", "username"});
  const std::string body = R"({"results": [
    {"name": {"first": "A"}, "login": {"uuid": "u1", "username": "ann"}, "z": [1, {"y": 2}]},
    {"login": {"username": 42}},
    {"login": "flat"},
    {"other": true},
    ["not", "an", "object"],
    {"login": {"username": "b\u00e9\"q"}, "tail": {"deep": {"er": [null]}}}
  ], "info": {"page": 1}})";
  std::vector<std::string> records;
  std::vector<std::string> keys;
  ASSERT_TRUE(parse(parser, body, &records, &keys).ok());
  ASSERT_EQ(records.size(), 6u);
  EXPECT_EQ(keys, (std::vector<std::string>{"ann", "", "", "", "", "b\xC3\xA9\"q"}));
  // Reading the key went back over the record: its raw JSON is still whole.
  EXPECT_EQ(
      records[0],
      R"({"name": {"first": "A"}, "login": {"uuid": "u1", "username": "ann"}, "z": [1, {"y": 2}]})");
  EXPECT_EQ(records[5],
            R"({"login": {"username": "b\u00e9\"q"}, "tail": {"deep": {"er": [null]}}})");
}

// The keys ingest partitions by must be the keys the processor stores under: on generated
// pages with every kind of broken record, the parser's keys equal Mapper::key_of's.
TEST(PageParser, KeysEqualMapperKeyOfOnGeneratedPages) {
  Mapper mapper =
      std::move(Mapper::compile(testing::shipped_config().fields, testing::shipped_schema()))
          .value();
  PageParser parser("results");
  parser.set_key_path(mapper.key_path());
  ASSERT_EQ(mapper.key_path(), (std::vector<std::string>{"login", "username"}));
  for (int page = 1; page <= 3; ++page) {
    auto generated = mock::generate_page({"keys", page, 2000, 0.5});
    std::vector<std::string> records;
    std::vector<std::string> keys;
    ASSERT_TRUE(parse(parser, generated.body, &records, &keys).ok());
    ASSERT_EQ(records.size(), 2000u);
    ASSERT_EQ(keys.size(), records.size());
    int empty = 0;
    for (size_t i = 0; i < records.size(); ++i) {
      EXPECT_EQ(keys[i], mapper.key_of(records[i])) << records[i];
      empty += keys[i].empty() ? 1 : 0;
    }
    EXPECT_GT(empty, 0) << "the generator broke no username on page " << page;
  }
}

// Records where the splitter read another key than Mapper::key_of (the agreement that
// tests/fuzz/page_fuzz.cpp checks on every page): a repeated name, whose last occurrence is the
// one the mapping stores; an escaped name; a key string that does not parse.
TEST(PageParser, KeysEqualMapperKeyOfOnRepeatedAndEscapedNames) {
  Mapper mapper =
      std::move(Mapper::compile(testing::shipped_config().fields, testing::shipped_schema()))
          .value();
  PageParser parser("results");
  parser.set_key_path(mapper.key_path());
  const std::string body = R"({"results": [
    {"login": {"username": "first", "username": "last"}},
    {"login": {"username": "first"}, "login": {"username": "last"}},
    {"login": 7, "login": {"username": "last"}},
    {"login": {"username": "kept"}, "login": {"uuid": "no username here"}},
    {"login": {"user\u006eame": "escaped"}},
    {"lo\u0067in": {"username": "escaped too"}},
    {"login": {"username": "last"}, "login": {"username": 5}},
    {"login": {"username": "bad \ud800 escape"}},
    {"login": {"username": "x", "user\u0000": 1}}
  ]})";
  std::vector<std::string> records;
  std::vector<std::string> keys;
  ASSERT_TRUE(parse(parser, body, &records, &keys).ok());
  ASSERT_EQ(records.size(), 9u);
  EXPECT_EQ(keys, (std::vector<std::string>{"last", "last", "last", "kept", "escaped",
                                            "escaped too", "", "", "x"}));
  for (size_t i = 0; i < records.size(); ++i)
    EXPECT_EQ(keys[i], mapper.key_of(records[i])) << records[i];
}

// A missing comma inside the object the key is read from broke simdjson's iterator, which the
// parser then used again, through a null pointer (UBSan in `make sanitize` and page_fuzz;
// fuzz input tests/fuzz/corpus/page/regression_missing_comma_in_login). The page is malformed.
TEST(PageParser, BrokenStructureWhereTheKeyIsReadIsMalformed) {
  PageParser parser("results");
  parser.set_key_path({"login", "username"});
  for (std::string body : {R"({"results":[{"login":{"uuid":"u"1,"username":"x"}}]})",
                           R"({"results":[{"n":{"f":"A"},"login":{"uuid":"u"1,"username":"x"}}],)"
                           R"("info":{"page":1}})"}) {
    std::vector<std::string> records;
    std::vector<std::string> keys;
    Status s = parse(parser, body, &records, &keys);
    EXPECT_FALSE(s.ok()) << body;
    EXPECT_NE(s.message().find("malformed response body"), std::string::npos) << s.message();
    EXPECT_TRUE(records.empty());
  }
}

// A body broken so that simdjson's find_field_unordered(), wrapping around to the start of the
// top-level object, ran past its end (UBSan: unreachable code; fuzz input
// tests/fuzz/corpus/page/regression_unordered_search_wraps). The top level is now read in one
// pass; whatever the body parses to, its keys are Mapper::key_of's.
TEST(PageParser, BodyThatBrokeTheUnorderedSearchParsesOrIsMalformed) {
  std::ifstream in(SLUICE_SOURCE_DIR "/tests/fuzz/corpus/page/regression_unordered_search_wraps");
  std::stringstream bytes;
  bytes << in.rdbuf();
  ASSERT_GT(bytes.str().size(), 1000u);
  Mapper mapper =
      std::move(Mapper::compile(testing::shipped_config().fields, testing::shipped_schema()))
          .value();
  PageParser parser("results");
  parser.set_key_path(mapper.key_path());
  std::vector<std::string> records;
  std::vector<std::string> keys;
  Status s = parse(parser, bytes.str(), &records, &keys);
  if (!s.ok()) {
    EXPECT_NE(s.message().find("malformed response body"), std::string::npos) << s.message();
    return;
  }
  ASSERT_EQ(keys.size(), records.size());
  for (size_t i = 0; i < records.size(); ++i)
    EXPECT_EQ(keys[i], mapper.key_of(records[i])) << records[i];
}

}  // namespace
}  // namespace sluice
