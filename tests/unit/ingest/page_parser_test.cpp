#include "ingest/http/page_parser.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

TEST(PageParser, HandsOutEachRecordAsSent) {
  PageParser parser("results");
  std::vector<std::string> records;
  std::string body = R"({"results": [ {"a": 1,  "b": "x"} , {"c": [1, 2.50]}], "info": {}})";
  ASSERT_TRUE(parser.parse(body, &records).ok());
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0], R"({"a": 1,  "b": "x"})");  // spacing and number spelling kept
  EXPECT_EQ(records[1], R"({"c": [1, 2.50]})");
}

TEST(PageParser, EmptyPageIsNoRecords) {
  PageParser parser("results");
  std::vector<std::string> records{"stale"};
  ASSERT_TRUE(parser.parse(R"({"results": [], "info": {}})", &records).ok());
  EXPECT_TRUE(records.empty());
}

TEST(PageParser, RefusesErrorsAndBrokenBodiesWhole) {
  PageParser parser("results");
  std::string good = R"({"results": [{"a": 1}, {"b": 2}], "info": {"page": 1}})";
  for (std::string bad :
       {std::string(R"({"error": "Uh oh"})"), good.substr(0, good.size() / 2),
        std::string("<html>503</html>"), std::string(R"({"info": {}})"), std::string("")}) {
    std::vector<std::string> records;
    EXPECT_FALSE(parser.parse(bad, &records).ok()) << bad;
    EXPECT_TRUE(records.empty()) << bad;
  }
}

TEST(PageParser, FollowsADottedPath) {
  PageParser parser("data.items");
  std::vector<std::string> records;
  ASSERT_TRUE(parser.parse(R"({"data": {"items": [{"k": "v"}]}})", &records).ok());
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0], R"({"k": "v"})");
}

}  // namespace
}  // namespace sluice
