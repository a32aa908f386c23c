// SimpleRegex must decide exactly what RE2::FullMatch decides, wherever it decides at all.
#include "quality/simple_regex.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <optional>
#include <random>
#include <string>

namespace sluice {
namespace {

constexpr const char* kShipped[] = {
    R"(^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$)",
    R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}.\d{3}Z$)",
};

TEST(SimpleRegexTest, AcceptsTheShippedPatterns) {
  for (const char* p : kShipped)
    EXPECT_TRUE(SimpleRegex::compile(p).has_value()) << p;
}

TEST(SimpleRegexTest, DeclinesWhatItCannotDecide) {
  for (const char* p :
       {"a|b", "(ab)+", "(?i)abc", "a+?", "\\bword", "é+", "[[:alpha:]]", "a{,3}", "x]", "\\n"}) {
    EXPECT_FALSE(SimpleRegex::compile(p).has_value()) << p;
  }
  auto re = SimpleRegex::compile("a+");
  ASSERT_TRUE(re);
  EXPECT_FALSE(re->full_match("ä").has_value());                   // non-ASCII: RE2 decides
  EXPECT_FALSE(re->full_match(std::string(64, 'a')).has_value());  // too long: RE2 decides
}

TEST(SimpleRegexTest, ShippedPatternsOnTypicalValues) {
  auto email = *SimpleRegex::compile(kShipped[0]);
  EXPECT_EQ(email.full_match("jennie.nichols@example.com"), true);
  EXPECT_EQ(email.full_match("jennie.nichols@example.com\n"), false);
  EXPECT_EQ(email.full_match("a@b.c"), false);
  EXPECT_EQ(email.full_match("a@b.c.de"), true);  // needs backtracking over the dots
  auto date = *SimpleRegex::compile(kShipped[1]);
  EXPECT_EQ(date.full_match("2007-07-09T05:51:59.390Z"), true);
  EXPECT_EQ(date.full_match("2007-07-09T05:51:59x390Z"), true);  // `.` is any character
  EXPECT_EQ(date.full_match("2007-07-09T05:51:59\n390Z"), false);
}

// Random strings over an alphabet that exercises every class boundary, against RE2.
TEST(SimpleRegexTest, AgreesWithRe2OnRandomStrings) {
  const std::string alphabet = "aZ09._%+-@x\n T:Z-/é";
  std::vector<std::string> patterns(std::begin(kShipped), std::end(kShipped));
  for (const char* p : {"[a-c]*x?[^a]{1,3}", "\\w+\\s\\d*", ".{2,4}-", "[]a-]+", "a{0}b*", "",
                        "[^\\d]+", "\\.\\+\\-"}) {
    patterns.emplace_back(p);
  }
  std::mt19937 rng(7);
  for (const auto& p : patterns) {
    auto simple = SimpleRegex::compile(p);
    ASSERT_TRUE(simple.has_value()) << p;
    RE2 re(p);
    ASSERT_TRUE(re.ok()) << p;
    int decided = 0;
    for (int i = 0; i < 20000; ++i) {
      std::string s;
      size_t len = rng() % 30;
      for (size_t k = 0; k < len; ++k)
        s += alphabet[rng() % alphabet.size()];
      if (rng() % 4 == 0) s = "ab.cd@ex-ample.org" + s.substr(0, rng() % 3);
      if (rng() % 4 == 0) s = "2021-02-03T04:05:06.789Z" + s.substr(0, rng() % 2);
      auto fast = simple->full_match(s);
      if (!fast) continue;
      ++decided;
      ASSERT_EQ(*fast, RE2::FullMatch(s, re)) << "pattern " << p << " text [" << s << "]";
    }
    EXPECT_GT(decided, 1000) << p;
  }
}

// What the RE2 oracle of tests/fuzz/rules_fuzz.cpp found SimpleRegex deciding otherwise (each
// input is in tests/fuzz/corpus/rules/ too).
void expect_as_re2(const std::string& pattern, const std::string& text) {
  RE2 re(pattern);
  ASSERT_TRUE(re.ok()) << pattern;
  auto simple = SimpleRegex::compile(pattern);
  std::optional<bool> fast = simple ? simple->full_match(text) : std::nullopt;
  if (fast) {
    EXPECT_EQ(*fast, RE2::FullMatch(text, re)) << pattern << " on [" << text << "]";
  }
}

// In a class, an escaped punctuation character starts a range like any other: [\.-z] is '.'
// to 'z' (fuzz input rules_fuzz crash-d42f8eb1: `^[\@\[\@-s]+$` on "a").
TEST(SimpleRegexTest, EscapedCharacterStartsARangeInAClass) {
  expect_as_re2(R"(^[\.-z]$)", "a");
  expect_as_re2(R"(^[\.-z]$)", "-");
  expect_as_re2(R"(^[\--z]$)", "a");
  expect_as_re2(R"(^[\@\[\@-s]+$)", "a");
  expect_as_re2(R"(^[\d-z]$)", "5");  // after \d, '-' is a character again
  expect_as_re2(R"(^[\d-z]$)", "-");
  auto range = SimpleRegex::compile(R"([\.-z])");
  ASSERT_TRUE(range);
  EXPECT_EQ(range->full_match("a"), true);
  EXPECT_EQ(range->full_match("-"), false);
}

// RE2 reads no count with a leading zero, so \d{04} is a digit followed by the text "{04}"
// (fuzz input rules_fuzz crash-a3e42086, on the phone pattern).
TEST(SimpleRegexTest, CountWithALeadingZeroIsDeclined) {
  EXPECT_FALSE(SimpleRegex::compile(R"(\d{04})").has_value());
  EXPECT_FALSE(SimpleRegex::compile(R"(\d{1,05})").has_value());
  expect_as_re2(R"(^\(\d{3}\) \d{3}-\d{0004}$)", "(272) 790-0888");
  expect_as_re2(R"(^\d{04}$)", "5{04}");
  EXPECT_TRUE(SimpleRegex::compile(R"(a{0}b{0,3})").has_value());
}

}  // namespace
}  // namespace sluice
