// regex and length: full matches, trailing newlines, code points, invalid UTF-8.
#include <gtest/gtest.h>

#include "quality/describe.h"
#include "quality/utf8.h"
#include "test_support.h"

namespace sluice::testing {
namespace {

constexpr const char* kEmail = R"(^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$)";

class TextRulesTest : public ::testing::Test {
 protected:
  TextRulesTest() : p_({text_field("v")}, "v"), r_(&p_.schema) {}

  bool passes(const RuleSet& set, std::string_view value, JsonKind kind = JsonKind::kString) {
    r_.clear();
    r_.set_text(0, value, kind);
    set.evaluate(r_, nullptr, &v_);
    return v_.valid();
  }

  RuleSet regex(const char* pattern) {
    RuleConfig c = rule("re", RuleKind::kRegex, {"v"});
    c.pattern = pattern;
    p_.rules = {c};
    return p_.compile();
  }

  RuleSet length(std::optional<int64_t> min, std::optional<int64_t> max) {
    RuleConfig c = rule("len", RuleKind::kLength, {"v"});
    c.min = min;
    c.max = max;
    p_.rules = {c};
    return p_.compile();
  }

  Pipeline p_;
  Record r_;
  Verdict v_;
};

TEST_F(TextRulesTest, RegexMatchesTheWholeValue) {
  RuleSet set = regex(kEmail);
  EXPECT_TRUE(passes(set, "jennie.nichols@example.com"));
  EXPECT_FALSE(passes(set, "jennie.nichols@example"));
  EXPECT_FALSE(passes(set, "a b@example.com"));
  RuleSet unanchored = regex("[a-z]+");
  EXPECT_FALSE(passes(unanchored, "abc1"));  // full match even without ^ and $
  EXPECT_TRUE(passes(unanchored, "abc"));
}

TEST_F(TextRulesTest, RegexRejectsATrailingNewlineAndShowsIt) {
  RuleSet set = regex(kEmail);
  ASSERT_FALSE(passes(set, "a@example.com\n"));
  EXPECT_EQ(v_.failures[0].message,
            std::string("v: \"a@example.com\\n\" does not match ") + kEmail);
}

TEST_F(TextRulesTest, RegexDigitClassIsAscii) {
  RuleSet set = regex(R"(^\d{4}$)");
  EXPECT_TRUE(passes(set, "2024"));
  EXPECT_FALSE(passes(set, "٢٠٢٤"));  // Arabic-Indic digits
}

TEST_F(TextRulesTest, RegexSkipsWrongTypeEmptyAndNull) {
  RuleSet set = regex(kEmail);
  EXPECT_TRUE(passes(set, "12345", JsonKind::kInteger));
  EXPECT_TRUE(passes(set, ""));
  r_.clear();
  r_.set_null(0);
  set.evaluate(r_, nullptr, &v_);
  EXPECT_TRUE(v_.valid());
}

TEST_F(TextRulesTest, RegexLongValuesAreCutInMessages) {
  RuleSet set = regex("^a$");
  std::string value(300, 'b');
  ASSERT_FALSE(passes(set, value));
  EXPECT_EQ(v_.failures[0].message,
            "v: \"" + std::string(kMaxShownChars, 'b') + "\"... (300 bytes) does not match ^a$");
}

TEST_F(TextRulesTest, LengthCountsCodePointsAtTheEdges) {
  RuleSet set = length(3, 30);
  EXPECT_FALSE(passes(set, "ab"));
  EXPECT_TRUE(passes(set, "abc"));
  EXPECT_TRUE(passes(set, std::string(30, 'x')));
  EXPECT_FALSE(passes(set, std::string(31, 'x')));
  EXPECT_EQ(v_.failures[0].message,
            "v: \"" + std::string(31, 'x') + "\" has 31 characters, expected 3..30");
}

TEST_F(TextRulesTest, LengthCountsNonLatinAsOneCharacterEach) {
  RuleSet set = length(3, 30);
  EXPECT_FALSE(passes(set, "李娜"));  // 2 code points, 6 bytes
  EXPECT_TRUE(passes(set, "李娜娜"));
  std::string thirty, thirty_one;
  for (int i = 0; i < 30; ++i)
    thirty += "ж";            // 2 bytes each: 60 bytes
  thirty_one = thirty + "😀";  // a 4-byte code point
  EXPECT_TRUE(passes(set, thirty));
  EXPECT_FALSE(passes(set, thirty_one));
  EXPECT_NE(v_.failures[0].message.find("\" has 31 characters"), std::string::npos)
      << v_.failures[0].message;
}

TEST_F(TextRulesTest, LengthOneSidedBounds) {
  RuleSet at_most = length(std::nullopt, 2);
  EXPECT_TRUE(passes(at_most, "ab"));
  EXPECT_FALSE(passes(at_most, "abc"));
  EXPECT_NE(v_.failures[0].message.find("expected at most 2"), std::string::npos);
  RuleSet at_least = length(2, std::nullopt);
  EXPECT_FALSE(passes(at_least, "a"));
  EXPECT_NE(v_.failures[0].message.find("expected at least 2"), std::string::npos);
}

TEST(Utf8Test, CountsEachInvalidByteAsOneCharacter) {
  EXPECT_EQ(count_code_points(""), 0u);
  EXPECT_EQ(count_code_points("héllo"), 5u);
  EXPECT_EQ(count_code_points("\xff\xfe"), 2u);          // bytes that never start UTF-8
  EXPECT_EQ(count_code_points("a\x80z"), 3u);            // stray continuation byte
  EXPECT_EQ(count_code_points("\xe6\x9d"), 2u);          // truncated 3-byte sequence
  EXPECT_EQ(count_code_points("\xc0\xaf"), 2u);          // overlong '/'
  EXPECT_EQ(count_code_points("\xed\xa0\x80"), 3u);      // UTF-16 surrogate
  EXPECT_EQ(count_code_points("\xf0\x9f\x98\x80"), 1u);  // U+1F600
}

TEST(DescribeTest, QuoteValueEscapesControlsAndInvalidBytes) {
  EXPECT_EQ(quote_value("a\"b\\c\n\t\x01"), R"("a\"b\\c\n\t\x01")");
  EXPECT_EQ(quote_value("ok \xff"), R"("ok \xff")");
  EXPECT_EQ(quote_value("жёлтый"), "\"жёлтый\"");
}

}  // namespace
}  // namespace sluice::testing
