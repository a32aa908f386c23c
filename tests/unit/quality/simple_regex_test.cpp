// SimpleRegex must decide exactly what RE2::FullMatch decides, wherever it decides at all.
#include "quality/simple_regex.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

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

}  // namespace
}  // namespace sluice
