// required, type, one_of: empty vs missing vs null, source kinds, exact matching.
#include <gtest/gtest.h>

#include "test_support.h"

namespace sluice::testing {
namespace {

class BasicRulesTest : public ::testing::Test {
 protected:
  BasicRulesTest()
      : p_({text_field("name"), text_field("code", {JsonKind::kString, JsonKind::kInteger}),
            typed_field("age", FieldType::kInt), typed_field("score", FieldType::kFloat)},
           "name") {}

  Verdict run(const RuleSet& set, const Record& r) {
    Verdict v;
    set.evaluate(r, nullptr, &v);
    return v;
  }

  Pipeline p_;
};

TEST_F(BasicRulesTest, RequiredTellsMissingNullAndEmptyApart) {
  p_.rules = {rule("req", RuleKind::kRequired, {"name", "code"})};
  RuleSet set = p_.compile();
  Record r(&p_.schema);
  r.clear();
  r.set_text(0, "");
  r.set_null(1);
  Verdict v = run(set, r);
  ASSERT_EQ(v.failures.size(), 1u);  // one failure per rule, naming every field
  EXPECT_EQ(v.failures[0].message, "name is empty; code is null");

  r.clear();  // all missing
  EXPECT_EQ(run(set, r).failures[0].message, "name is missing; code is missing");

  r.set_text(0, " ");
  r.set_int(1, 5);
  EXPECT_TRUE(run(set, r).valid());
}

TEST_F(BasicRulesTest, RequiredAcceptsAValueOfTheWrongType) {
  p_.rules = {rule("req", RuleKind::kRequired, {"name"})};
  RuleSet set = p_.compile();
  Record r(&p_.schema);
  r.set_text(0, "42", JsonKind::kInteger);
  EXPECT_TRUE(run(set, r).valid());
}

TEST_F(BasicRulesTest, TypeChecksSourceKindsAndDefaultsByFieldType) {
  p_.rules = {rule("types", RuleKind::kType, {})};
  RuleSet set = p_.compile();
  Record r(&p_.schema);
  r.clear();
  r.set_text(0, "ann");
  r.set_text(1, "12345", JsonKind::kInteger);  // accepted by source_types
  r.set_int(2, 30);
  r.set_float(3, 2, JsonKind::kInteger);  // float accepts integer by default
  EXPECT_TRUE(run(set, r).valid());

  r.set_text(0, "12", JsonKind::kInteger);
  r.set_text(1, "1.5", JsonKind::kFloat);
  r.set_text(2, "30", JsonKind::kString);
  Verdict v = run(set, r);
  ASSERT_EQ(v.failures.size(), 1u);
  EXPECT_EQ(v.failures[0].message,
            "name: expected string, got integer \"12\"; code: expected string or integer, got "
            "float \"1.5\"; age: expected integer, got string \"30\"");
}

TEST_F(BasicRulesTest, TypePassesMissingAndNull) {
  p_.rules = {rule("types", RuleKind::kType, {"name", "age"})};
  RuleSet set = p_.compile();
  Record r(&p_.schema);
  r.set_null(0);
  EXPECT_TRUE(run(set, r).valid());
}

TEST_F(BasicRulesTest, TypeNamesObjectsAndArrays) {
  p_.rules = {rule("types", RuleKind::kType, {"name"})};
  RuleSet set = p_.compile();
  Record r(&p_.schema);
  r.set_text(0, R"({"first":"a"})", JsonKind::kObject);
  Verdict v = run(set, r);
  ASSERT_FALSE(v.valid());
  EXPECT_EQ(v.failures[0].message, R"(name: expected string, got object "{\"first\":\"a\"}")");
}

TEST_F(BasicRulesTest, OneOfIsExactAndCaseSensitive) {
  RuleConfig c = rule("g", RuleKind::kOneOf, {"name"});
  c.values = {"male", "female", "other"};
  p_.rules = {c};
  RuleSet set = p_.compile();
  Record r(&p_.schema);
  r.set_text(0, "female");
  EXPECT_TRUE(run(set, r).valid());
  for (const char* bad : {"Male", "male ", "fem", "MALE"}) {
    r.set_text(0, bad);
    Verdict v = run(set, r);
    ASSERT_FALSE(v.valid()) << bad;
    EXPECT_EQ(v.failures[0].message,
              "name: \"" + std::string(bad) + "\" is not one of male, female, other");
  }
}

TEST_F(BasicRulesTest, OneOfSkipsEmptyNullAndWrongType) {
  RuleConfig c = rule("g", RuleKind::kOneOf, {"name"});
  c.values = {"male"};
  p_.rules = {c};
  RuleSet set = p_.compile();
  Record r(&p_.schema);
  r.set_text(0, "");
  EXPECT_TRUE(run(set, r).valid());
  r.set_null(0);
  EXPECT_TRUE(run(set, r).valid());
  r.set_text(0, "7", JsonKind::kInteger);
  EXPECT_TRUE(run(set, r).valid());
}

}  // namespace
}  // namespace sluice::testing
