// The shipped user_profiles rule set (config/local.yaml; docs/architecture.md, "Data quality") end
// to end on hand-filled randomuser-shaped records.
#include <gtest/gtest.h>

#include "../shipped_config.h"
#include "test_support.h"

namespace sluice::testing {
namespace {

class UserProfilesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    config_ = &testing::shipped_config();
    schema_ = &testing::shipped_schema();
  }

  UserProfilesTest()
      : set_(std::move(RuleSet::compile(config_->rules, config_->fields, *schema_)).value()),
        r_(schema_) {
    fill_valid();
  }

  size_t at(std::string_view name) { return *schema_->index_of(name); }
  void set(std::string_view name, std::string_view v, JsonKind k = JsonKind::kString) {
    r_.set_text(at(name), v, k);
  }

  void fill_valid() {
    r_.clear();
    set("first_name", "Jennie");
    set("last_name", "Nichols");
    set("gender", "female");
    set("address", "8929 Valwood Pkwy, Billings, Michigan, United States");
    set("post_code", "63104", JsonKind::kInteger);
    set("email", "jennie.nichols@example.com");
    set("username", "yellowpeacock117");
    set("dob", "1992-03-08T15:13:16.688Z");
    set("registered_date", "2007-07-09T05:51:59.390Z");
    set("phone", "(272) 790-0888");
    set("picture", "https://randomuser.me/api/portraits/med/women/75.jpg");
    r_.meta.partition = 0;
    r_.meta.offset = 7;
  }

  std::vector<std::string> failed() {
    set_.evaluate(r_, &index_, &v_);
    return failed_ids(set_, v_);
  }
  std::string message_of(std::string_view id) {
    for (const auto& f : v_.failures) {
      if (set_.rule_ids()[f.rule_index] == id) return f.message;
    }
    return "(rule passed)";
  }

  using Ids = std::vector<std::string>;
  static inline const PipelineConfig* config_ = nullptr;
  static inline const Schema* schema_ = nullptr;
  RuleSet set_;
  Record r_;
  Verdict v_;
  MapUniqueIndex index_;
};

TEST_F(UserProfilesTest, ShippedRuleIdsAreTheDesignedOnes) {
  EXPECT_EQ(set_.rule_ids(), (Ids{"required", "data_types", "email_format", "date_format",
                                  "gender_values", "username_length", "username_unique"}));
}

TEST_F(UserProfilesTest, AValidProfilePasses) {
  EXPECT_EQ(failed(), Ids{});
  set("post_code", "EC1A 1BB");  // string postcodes too
  EXPECT_EQ(failed(), Ids{});
}

TEST_F(UserProfilesTest, EmptyMissingAndNullFailOnlyRequired) {
  set("email", "");
  EXPECT_EQ(failed(), Ids{"required"});
  EXPECT_EQ(message_of("required"), "email is empty");
  r_.set_missing(at("username"));
  r_.set_null(at("registered_date"));
  EXPECT_EQ(failed(), Ids{"required"});
  EXPECT_EQ(message_of("required"), "username is missing; email is empty; registered_date is null");
}

TEST_F(UserProfilesTest, OptionalFieldsMayBeNull) {
  r_.set_null(at("gender"));
  r_.set_missing(at("phone"));
  r_.set_null(at("post_code"));
  EXPECT_EQ(failed(), Ids{});
}

TEST_F(UserProfilesTest, UsernameLengthEdgesInCodePoints) {
  set("username", "ab");
  EXPECT_EQ(failed(), Ids{"username_length"});
  set("username", "abc");
  EXPECT_EQ(failed(), Ids{});
  set("username", std::string(30, 'u'));
  EXPECT_EQ(failed(), Ids{});
  set("username", std::string(31, 'u'));
  EXPECT_EQ(failed(), Ids{"username_length"});
  set("username", "小明");  // 2 code points
  EXPECT_EQ(failed(), Ids{"username_length"});
  set("username", "小明明");
  EXPECT_EQ(failed(), Ids{});
  std::string cyrillic;
  for (int i = 0; i < 30; ++i)
    cyrillic += "д";  // 60 bytes, 30 characters
  set("username", cyrillic);
  EXPECT_EQ(failed(), Ids{});
  set("username", cyrillic + "д");
  EXPECT_EQ(failed(), Ids{"username_length"});
}

TEST_F(UserProfilesTest, TrailingNewlineInEmailFailsTheFormat) {
  set("email", "jennie.nichols@example.com\n");
  EXPECT_EQ(failed(), Ids{"email_format"});
  EXPECT_NE(message_of("email_format").find("\"jennie.nichols@example.com\\n\""), std::string::npos)
      << message_of("email_format");
}

TEST_F(UserProfilesTest, GenderIsCaseSensitive) {
  set("gender", "Male");
  EXPECT_EQ(failed(), Ids{"gender_values"});
  EXPECT_EQ(message_of("gender_values"), "gender: \"Male\" is not one of male, female, other");
  set("gender", "other");
  EXPECT_EQ(failed(), Ids{});
}

TEST_F(UserProfilesTest, RegisteredDateInOtherFormatsFails) {
  for (const char* d : {"2007-07-09", "09/07/2007", "2007-07-09T05:51:59Z",
                        "2007-07-09 05:51:59.390Z", "2007-07-09T05:51:59.390+00:00"}) {
    set("registered_date", d);
    EXPECT_EQ(failed(), Ids{"date_format"}) << d;
  }
  set("dob", "09/07/2007");  // dob has no format rule
  set("registered_date", "2007-07-09T05:51:59.390Z");
  EXPECT_EQ(failed(), Ids{});
}

TEST_F(UserProfilesTest, NumbersWhereStringsBelongFailOnlyDataTypes) {
  set("email", "12345", JsonKind::kInteger);
  set("username", "42", JsonKind::kInteger);  // too short, but the wrong type is all we say
  set("gender", "true", JsonKind::kBool);
  EXPECT_EQ(failed(), Ids{"data_types"});
  EXPECT_EQ(message_of("data_types"),
            "gender: expected string, got bool \"true\"; email: expected string, got integer "
            "\"12345\"; username: expected string, got integer \"42\"");
  fill_valid();
  set("post_code", "1.5", JsonKind::kFloat);
  EXPECT_EQ(failed(), Ids{"data_types"});
}

TEST_F(UserProfilesTest, UniquenessAndSamePositionReplay) {
  index_.claim("yellowpeacock117", LogPosition{0, 7});
  EXPECT_EQ(failed(), Ids{});  // replay of the record that holds it
  r_.meta.offset = 8;
  set("gender", "Male");
  EXPECT_EQ(failed(), (Ids{"gender_values", "username_unique"}));
  EXPECT_EQ(
      message_of("username_unique"),
      "username: \"yellowpeacock117\" is already held by the record at partition 0, offset 7");
}

TEST_F(UserProfilesTest, EvaluatingAValidRecordReusesTheVerdict) {
  Verdict v;
  v.failures.reserve(8);
  set_.evaluate(r_, &index_, &v);
  EXPECT_TRUE(v.valid());
  EXPECT_GE(v.failures.capacity(), 8u);
}

}  // namespace
}  // namespace sluice::testing
