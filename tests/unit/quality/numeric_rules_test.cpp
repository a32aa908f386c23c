// range and timestamp: bounds on ints, floats and numeric text; real calendar instants.
#include <gtest/gtest.h>

#include "test_support.h"

namespace sluice::testing {
namespace {

class NumericRulesTest : public ::testing::Test {
 protected:
  NumericRulesTest()
      : p_({text_field("t"), typed_field("i", FieldType::kInt),
            typed_field("f", FieldType::kFloat)},
           "t"),
        r_(&p_.schema) {}

  RuleSet range(std::vector<std::string> fields, std::optional<int64_t> min,
                std::optional<int64_t> max, std::optional<double> min_value = std::nullopt,
                std::optional<double> max_value = std::nullopt) {
    RuleConfig c = rule("range", RuleKind::kRange, std::move(fields));
    c.min = min;
    c.max = max;
    c.min_value = min_value;
    c.max_value = max_value;
    p_.rules = {c};
    return p_.compile();
  }

  RuleSet timestamp(std::string format = "") {
    RuleConfig c = rule("ts", RuleKind::kTimestamp, {"t"});
    c.format = std::move(format);
    p_.rules = {c};
    return p_.compile();
  }

  bool text_passes(const RuleSet& set, std::string_view value) {
    r_.clear();
    r_.set_text(0, value);
    set.evaluate(r_, nullptr, &v_);
    return v_.valid();
  }

  Pipeline p_;
  Record r_;
  Verdict v_;
};

TEST_F(NumericRulesTest, RangeOnIntIsInclusiveAndExact) {
  RuleSet set = range({"i"}, 0, 120);
  for (int64_t v : {0, 120}) {
    r_.set_int(1, v);
    set.evaluate(r_, nullptr, &v_);
    EXPECT_TRUE(v_.valid()) << v;
  }
  r_.set_int(1, 121);
  set.evaluate(r_, nullptr, &v_);
  ASSERT_FALSE(v_.valid());
  EXPECT_EQ(v_.failures[0].message, "i: 121 is outside 0..120");
}

TEST_F(NumericRulesTest, RangeOnFloatWithFloatBounds) {
  RuleSet set = range({"f"}, std::nullopt, std::nullopt, -90.0, 90.0);
  r_.set_float(2, 89.5);
  set.evaluate(r_, nullptr, &v_);
  EXPECT_TRUE(v_.valid());
  r_.set_float(2, -90.25);
  set.evaluate(r_, nullptr, &v_);
  EXPECT_FALSE(v_.valid());
}

TEST_F(NumericRulesTest, RangeOnTextParsesTheWholeValue) {
  RuleSet set = range({"t"}, 1000, 99999);
  EXPECT_TRUE(text_passes(set, "63104"));
  EXPECT_TRUE(text_passes(set, "1000.0"));
  EXPECT_FALSE(text_passes(set, "999"));
  EXPECT_FALSE(text_passes(set, "12 34"));
  EXPECT_EQ(v_.failures[0].message, "t: \"12 34\" is not a number");
  EXPECT_FALSE(text_passes(set, "nan"));
  EXPECT_TRUE(text_passes(set, ""));  // empty is required's business
}

TEST_F(NumericRulesTest, RangeSkipsWrongSourceKinds) {
  RuleSet set = range({"i"}, 0, 1);
  r_.set_text(1, "500", JsonKind::kString);  // `type` reports this one
  set.evaluate(r_, nullptr, &v_);
  EXPECT_TRUE(v_.valid());
}

TEST_F(NumericRulesTest, TimestampAcceptsRealInstants) {
  RuleSet set = timestamp();
  EXPECT_TRUE(text_passes(set, "2007-07-09T05:51:59.390Z"));
  EXPECT_TRUE(text_passes(set, "2024-02-29T23:59:59.999Z"));  // leap year
  EXPECT_TRUE(text_passes(set, "2000-02-29T00:00:00.000Z"));  // divisible by 400
}

TEST_F(NumericRulesTest, TimestampRejectsImpossibleDates) {
  RuleSet set = timestamp();
  EXPECT_FALSE(text_passes(set, "2023-02-29T00:00:00.000Z"));
  EXPECT_EQ(v_.failures[0].message,
            "t: \"2023-02-29T00:00:00.000Z\" has day 29, but 2023-02 has 28 days (format "
            "%Y-%m-%dT%H:%M:%S.%LZ)");
  EXPECT_FALSE(text_passes(set, "1900-02-29T00:00:00.000Z"));  // divisible by 100 only
  EXPECT_FALSE(text_passes(set, "2021-02-30T00:00:00.000Z"));
  EXPECT_FALSE(text_passes(set, "2021-04-31T00:00:00.000Z"));
  EXPECT_FALSE(text_passes(set, "2021-13-01T00:00:00.000Z"));
  EXPECT_FALSE(text_passes(set, "2021-00-01T00:00:00.000Z"));
  EXPECT_FALSE(text_passes(set, "2021-01-00T00:00:00.000Z"));
  EXPECT_FALSE(text_passes(set, "2021-01-01T25:00:00.000Z"));
  EXPECT_FALSE(text_passes(set, "2021-01-01T00:60:00.000Z"));
  EXPECT_FALSE(text_passes(set, "2021-01-01T00:00:60.000Z"));
}

TEST_F(NumericRulesTest, TimestampRejectsOtherSpellings) {
  RuleSet set = timestamp();
  for (const char* bad : {"2021-01-01", "2021-01-01T00:00:00Z", "2021-01-01T00:00:00.000",
                          "2021-01-01 00:00:00.000Z", "01/02/2021", "2021-1-01T00:00:00.000Z",
                          "2021-01-01T00:00:00.000Z\n", "2021-01-01T00:00:00.000+00:00"}) {
    EXPECT_FALSE(text_passes(set, bad)) << bad;
  }
}

TEST_F(NumericRulesTest, TimestampOtherFormats) {
  RuleSet date = timestamp("%d/%m/%Y");
  EXPECT_TRUE(text_passes(date, "29/02/2024"));
  EXPECT_FALSE(text_passes(date, "31/06/2024"));
  RuleSet zoned = timestamp("%Y-%m-%dT%H:%M:%S%z");
  EXPECT_TRUE(text_passes(zoned, "2021-01-01T10:00:00+05:30"));
  EXPECT_TRUE(text_passes(zoned, "2021-01-01T10:00:00Z"));
  EXPECT_FALSE(text_passes(zoned, "2021-01-01T10:00:00+24:00"));
  RuleSet fraction = timestamp("%H:%M:%S.%f");
  EXPECT_TRUE(text_passes(fraction, "10:00:00.123456"));
  EXPECT_FALSE(text_passes(fraction, "10:00:00."));
}

TEST_F(NumericRulesTest, TimestampUnknownDirectiveFailsCompile) {
  RuleConfig c = rule("ts", RuleKind::kTimestamp, {"t"});
  c.format = "%Q";
  p_.rules = {c};
  Status s = p_.compile_error();
  EXPECT_NE(s.message().find("rule 'ts'"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("%Q"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace sluice::testing
