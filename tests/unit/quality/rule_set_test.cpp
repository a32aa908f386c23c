// RuleSet: compile errors, uniqueness, verdict order, summaries and the reasons column.
#include <gtest/gtest.h>

#include "test_support.h"

namespace sluice::testing {
namespace {

class RuleSetTest : public ::testing::Test {
 protected:
  RuleSetTest() : p_({text_field("user"), typed_field("n", FieldType::kInt)}, "user") {}
  Pipeline p_;
};

TEST_F(RuleSetTest, CompileNamesTheRuleOnUnknownField) {
  p_.rules = {rule("must", RuleKind::kRequired, {"nope"})};
  Status s = p_.compile_error();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("rule 'must'"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("nope"), std::string::npos) << s.message();
}

// Config only ever holds kinds it parsed; a value outside the enum still names the rule.
TEST_F(RuleSetTest, CompileNamesTheRuleOnAKindWithoutFactory) {
  p_.rules = {rule("weird", static_cast<RuleKind>(99), {"user"})};
  EXPECT_NE(p_.compile_error().message().find("rule 'weird'"), std::string::npos);
}

TEST_F(RuleSetTest, CompileNamesTheRuleOnBadRegex) {
  RuleConfig c = rule("re", RuleKind::kRegex, {"user"});
  c.pattern = "([a-z";
  p_.rules = {c};
  Status s = p_.compile_error();
  EXPECT_NE(s.message().find("rule 're'"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("([a-z"), std::string::npos) << s.message();
}

TEST_F(RuleSetTest, CompileRejectsMisfitOptions) {
  p_.rules = {rule("len", RuleKind::kLength, {"user"})};  // no bounds
  EXPECT_NE(p_.compile_error().message().find("rule 'len'"), std::string::npos);
  RuleConfig on_int = rule("re", RuleKind::kRegex, {"n"});
  on_int.pattern = "x";
  p_.rules = {on_int};
  EXPECT_NE(p_.compile_error().message().find("text or timestamp"), std::string::npos);
  p_.rules = {rule("a", RuleKind::kRequired, {"user"}), rule("a", RuleKind::kRequired, {"user"})};
  EXPECT_NE(p_.compile_error().message().find("duplicate"), std::string::npos);
  p_.rules = {rule("none", RuleKind::kRequired, {})};
  EXPECT_NE(p_.compile_error().message().find("rule 'none'"), std::string::npos);
}

TEST_F(RuleSetTest, UniqueFailsOnlyForAnotherPosition) {
  p_.rules = {rule("uniq", RuleKind::kUnique, {"user"})};
  RuleSet set = p_.compile();
  MapUniqueIndex index;
  index.claim("alice", LogPosition{1, 10});
  Record r(&p_.schema);
  Verdict v;

  r.set_text(0, "alice");
  r.meta.partition = 1;
  r.meta.offset = 10;  // the very record that claimed it, replayed
  set.evaluate(r, &index, &v);
  EXPECT_TRUE(v.valid());

  r.meta.offset = 11;
  set.evaluate(r, &index, &v);
  ASSERT_FALSE(v.valid());
  EXPECT_EQ(v.failures[0].message,
            "user: \"alice\" is already held by the record at partition 1, offset 10");

  r.meta.partition = 2;
  r.meta.offset = 10;  // same offset in another partition is another record
  set.evaluate(r, &index, &v);
  EXPECT_FALSE(v.valid());

  r.set_text(0, "bob");
  set.evaluate(r, &index, &v);
  EXPECT_TRUE(v.valid());
  r.set_text(0, "alice");
  set.evaluate(r, nullptr, &v);  // no index (dry run): passes
  EXPECT_TRUE(v.valid());
}

TEST_F(RuleSetTest, UniqueOnIntFieldsAndSkipsEmpty) {
  p_.rules = {rule("uniq", RuleKind::kUnique, {"n", "user"})};
  RuleSet set = p_.compile();
  MapUniqueIndex index;
  index.claim("42", LogPosition{0, 1});
  index.claim("", LogPosition{0, 1});
  Record r(&p_.schema);
  r.set_text(0, "");
  r.set_int(1, 42);
  Verdict v;
  set.evaluate(r, &index, &v);
  ASSERT_FALSE(v.valid());
  EXPECT_EQ(v.failures[0].message,
            "n: \"42\" is already held by the record at partition 0, offset 1");
}

TEST_F(RuleSetTest, VerdictListsFailuresInRuleOrderAndSummaryCounts) {
  RuleConfig len = rule("len", RuleKind::kLength, {"user"});
  len.min = 3;
  p_.rules = {rule("req", RuleKind::kRequired, {"n"}), len, rule("types", RuleKind::kType, {})};
  RuleSet set = p_.compile();
  ASSERT_EQ(set.rule_ids(), (std::vector<std::string>{"req", "len", "types"}));
  BatchSummary summary = set.empty_summary();
  Record r(&p_.schema);
  Verdict v;

  r.set_text(0, "ab");
  set.evaluate(r, nullptr, &v);
  EXPECT_EQ(failed_ids(set, v), (std::vector<std::string>{"req", "len"}));
  set.count(v, &summary);

  r.set_text(0, "abc");
  r.set_int(1, 1);
  set.evaluate(r, nullptr, &v);  // the same Verdict, reused
  EXPECT_TRUE(v.valid());
  set.count(v, &summary);

  EXPECT_EQ(summary.records, 2);
  EXPECT_EQ(summary.valid, 1);
  EXPECT_EQ(summary.invalid, 1);
  EXPECT_EQ(summary.failures_per_rule, (std::vector<int64_t>{1, 1, 0}));
}

TEST_F(RuleSetTest, TwoStepEvaluationEqualsOneStepInRuleOrder) {
  // A unique rule between two stateless ones: the split must put its failure back in place.
  RuleConfig len = rule("len", RuleKind::kLength, {"user"});
  len.min = 3;
  p_.rules = {rule("req", RuleKind::kRequired, {"n"}), rule("uniq", RuleKind::kUnique, {"user"}),
              len};
  RuleSet set = p_.compile();
  EXPECT_TRUE(set.has_stateful_rules());
  MapUniqueIndex index;
  index.claim("ab", LogPosition{0, 1});
  Record r(&p_.schema);
  r.set_text(0, "ab");
  r.meta.partition = 0;
  r.meta.offset = 2;

  Verdict one_step;
  set.evaluate(r, &index, &one_step);
  Verdict two_step;
  set.evaluate_stateless(r, &two_step);
  EXPECT_EQ(failed_ids(set, two_step), (std::vector<std::string>{"req", "len"}));
  set.evaluate_stateful(r, &index, &two_step);
  EXPECT_EQ(failed_ids(set, two_step), (std::vector<std::string>{"req", "uniq", "len"}));
  EXPECT_EQ(reasons_json(set, two_step), reasons_json(set, one_step));

  p_.rules = {rule("req", RuleKind::kRequired, {"n"})};
  EXPECT_FALSE(p_.compile().has_stateful_rules());
}

TEST_F(RuleSetTest, ReasonsJsonEscapesProperly) {
  RuleConfig re = rule("fmt", RuleKind::kRegex, {"user"});
  re.pattern = R"(^\w+$)";
  p_.rules = {re};
  RuleSet set = p_.compile();
  Record r(&p_.schema);
  r.set_text(0, "a\"b\n");
  Verdict v;
  set.evaluate(r, nullptr, &v);
  // The message shows the value escaped once; JSON escapes the message again.
  EXPECT_EQ(v.failures[0].message, R"(user: "a\"b\n" does not match ^\w+$)");
  EXPECT_EQ(reasons_json(set, v),
            R"([{"rule":"fmt","message":"user: \"a\\\"b\\n\" does not match ^\\w+$"}])");
  v.clear();
  EXPECT_EQ(reasons_json(set, v), "[]");
}

}  // namespace
}  // namespace sluice::testing
