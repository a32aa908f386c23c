// Mapper: JSON -> Record as config/local.yaml declares it, plus the shipped rules on mapped
// records (the path a record takes in `process`).
#include <gtest/gtest.h>

#include "../shipped_config.h"
#include "quality/rule_set.h"
#include "transform/mapper.h"

namespace sluice {
namespace {

constexpr const char* kProfile = R"({
  "gender": "female",
  "name": {"title": "Miss", "first": "Jennie", "last": "Nichols"},
  "location": {
    "street": {"number": 8929, "name": "Valwood Pkwy"},
    "city": "Billings", "state": "Michigan", "country": "United States",
    "postcode": "63104",
    "coordinates": {"latitude": "-69.8246", "longitude": "134.8719"},
    "timezone": {"offset": "+9:30", "description": "Adelaide, Darwin"}
  },
  "email": "jennie.nichols@example.com",
  "login": {"uuid": "7a0eed16", "username": "yellowpeacock117", "password": "addison"},
  "dob": {"date": "1992-03-08T15:13:16.688Z", "age": 30},
  "registered": {"date": "2007-07-09T05:51:59.390Z", "age": 14},
  "phone": "(272) 790-0888", "cell": "(489) 330-2385",
  "id": {"name": "SSN", "value": "405-88-3636"},
  "picture": {"large": "https://randomuser.me/api/portraits/women/75.jpg",
              "medium": "https://randomuser.me/api/portraits/med/women/75.jpg"},
  "nat": "US"
})";

// Replaces the first occurrence of `from` in the sample profile.
std::string profile_with(std::string_view from, std::string_view to) {
  std::string json = kProfile;
  size_t at = json.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) json.replace(at, from.size(), to);
  return json;
}

class MappingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    config_ = &testing::shipped_config();
    schema_ = &testing::shipped_schema();
  }

  MappingTest()
      : mapper_(std::move(Mapper::compile(config_->fields, *schema_)).value()), r_(schema_) {}

  size_t at(std::string_view name) { return *schema_->index_of(name); }
  std::string_view text(std::string_view name) { return r_.text(at(name)); }
  JsonKind kind(std::string_view name) { return r_.source_kind(at(name)); }
  void map_ok(std::string_view json) {
    Status s = mapper_.map(json, &r_);
    ASSERT_TRUE(s.ok()) << s.to_string();
  }

  static inline const PipelineConfig* config_ = nullptr;
  static inline const Schema* schema_ = nullptr;
  Mapper mapper_;
  Record r_;
};

TEST_F(MappingTest, MapsEveryShippedField) {
  map_ok(kProfile);
  EXPECT_EQ(text("first_name"), "Jennie");
  EXPECT_EQ(text("last_name"), "Nichols");
  EXPECT_EQ(text("gender"), "female");
  EXPECT_EQ(text("address"), "8929 Valwood Pkwy, Billings, Michigan, United States");
  EXPECT_EQ(text("post_code"), "63104");
  EXPECT_EQ(text("email"), "jennie.nichols@example.com");
  EXPECT_EQ(text("username"), "yellowpeacock117");
  EXPECT_EQ(text("dob"), "1992-03-08T15:13:16.688Z");
  EXPECT_EQ(text("registered_date"), "2007-07-09T05:51:59.390Z");
  EXPECT_EQ(text("phone"), "(272) 790-0888");
  EXPECT_EQ(text("picture"), "https://randomuser.me/api/portraits/med/women/75.jpg");
  EXPECT_EQ(r_.key(), "yellowpeacock117");
  for (size_t i = 0; i < r_.size(); ++i)
    EXPECT_EQ(r_.source_kind(i), JsonKind::kString) << i;
}

TEST_F(MappingTest, NumericPostcodeKeepsItsDigitsAndKind) {
  map_ok(profile_with(R"("postcode": "63104")", R"("postcode": 63104 )"));
  EXPECT_EQ(text("post_code"), "63104");
  EXPECT_EQ(kind("post_code"), JsonKind::kInteger);
  map_ok(profile_with(R"("postcode": "63104")", R"("postcode": -1.5e3)"));
  EXPECT_EQ(text("post_code"), "-1.5e3");
  EXPECT_EQ(kind("post_code"), JsonKind::kFloat);
}

TEST_F(MappingTest, MissingPathsAreNullOfKindMissing) {
  map_ok(profile_with(R"("email": "jennie.nichols@example.com",)", ""));
  EXPECT_TRUE(r_.is_null(at("email")));
  EXPECT_EQ(kind("email"), JsonKind::kMissing);
  map_ok(R"({"login": {}})");
  EXPECT_TRUE(r_.is_null(at("username")));
  EXPECT_EQ(kind("username"), JsonKind::kMissing);
  EXPECT_EQ(kind("first_name"), JsonKind::kMissing);
}

TEST_F(MappingTest, JsonNullIsNullOfKindNull) {
  map_ok(profile_with(R"("gender": "female")", R"("gender": null)"));
  EXPECT_TRUE(r_.is_null(at("gender")));
  EXPECT_EQ(kind("gender"), JsonKind::kNull);
  map_ok(profile_with(R"("login": {)", R"("login": null, "x": {)"));
  EXPECT_EQ(kind("username"), JsonKind::kMissing);  // a path through null is missing
}

TEST_F(MappingTest, EmptyStringIsTextNotNull) {
  map_ok(profile_with(R"("email": "jennie.nichols@example.com")", R"("email": "")"));
  EXPECT_FALSE(r_.is_null(at("email")));
  EXPECT_EQ(text("email"), "");
  EXPECT_EQ(kind("email"), JsonKind::kString);
}

TEST_F(MappingTest, WrongTypesKeepTheirSourceKind) {
  map_ok(profile_with(R"("gender": "female")", R"("gender": true)"));
  EXPECT_EQ(text("gender"), "true");
  EXPECT_EQ(kind("gender"), JsonKind::kBool);
  map_ok(profile_with(R"("phone": "(272) 790-0888")", R"("phone": [1, 2])"));
  EXPECT_EQ(text("phone"), "[1, 2]");
  EXPECT_EQ(kind("phone"), JsonKind::kArray);
  map_ok(profile_with(R"("gender": "female")", R"("gender": {"a": 1})"));
  EXPECT_EQ(text("gender"), R"({"a": 1})");
  EXPECT_EQ(kind("gender"), JsonKind::kObject);
}

TEST_F(MappingTest, TemplateRendersMissingPartsAsEmpty) {
  map_ok(R"({"location": {"street": {"name": "Main St"}, "city": null, "country": "NZ"}})");
  EXPECT_EQ(text("address"), " Main St, , , NZ");
  EXPECT_EQ(kind("address"), JsonKind::kString);
}

TEST_F(MappingTest, UnicodeAndEscapesAreDecoded) {
  map_ok(profile_with(R"("first": "Jennie")", R"("first": "Zo\u00eb \"Z\" 李\n")"));
  EXPECT_EQ(text("first_name"), "Zoë \"Z\" 李\n");
  map_ok(profile_with(R"("last": "Nichols")", R"("last": "Ødegård")"));
  EXPECT_EQ(text("last_name"), "Ødegård");
}

TEST_F(MappingTest, EscapedKeysMatch) {
  map_ok(R"({"em\u0061il": "x@y.io"})");
  EXPECT_EQ(text("email"), "x@y.io");
}

TEST_F(MappingTest, BrokenJsonIsAnErrorAndLeavesTheRecordEmpty) {
  for (const char* bad : {"", "{", R"({"email": "x)", R"({"email": })", "[1, 2]", "\"str\"",
                          R"({"email": "a"} trailing)", R"({"gender": nul})",
                          R"({"location": {"postcode": 12a}})", "{\"email\": \"\xff\"}"}) {
    map_ok(kProfile);
    Status s = mapper_.map(bad, &r_);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_TRUE(r_.is_null(at("username"))) << bad;
  }
  map_ok(kProfile);  // the mapper recovers
  EXPECT_EQ(r_.key(), "yellowpeacock117");
}

TEST_F(MappingTest, MapKeepsTheRecordMeta) {
  r_.meta.partition = 3;
  r_.meta.offset = 99;
  map_ok(kProfile);
  EXPECT_EQ(r_.meta.partition, 3);
  EXPECT_EQ(r_.meta.offset, 99);
}

TEST_F(MappingTest, KeyOf) {
  EXPECT_EQ(mapper_.key_of(kProfile), "yellowpeacock117");
  EXPECT_EQ(mapper_.key_of(R"({"login": {"username": 42}})"), "");
  EXPECT_EQ(mapper_.key_of(R"({"login": {"username": null}})"), "");
  EXPECT_EQ(mapper_.key_of(R"({"login": {}})"), "");
  EXPECT_EQ(mapper_.key_of("not json"), "");
}

TEST(MapperCompileTest, TypedFieldsAndErrors) {
  std::vector<FieldConfig> fields(4);
  fields[0].name = "id";
  fields[0].from = "id";
  fields[1].name = "age";
  fields[1].type = FieldType::kInt;
  fields[1].from = "dob.age";
  fields[2].name = "lat";
  fields[2].type = FieldType::kFloat;
  fields[2].from = "location.coordinates.lat";
  fields[3].name = "ok";
  fields[3].type = FieldType::kBool;
  fields[3].from = "ok";
  Schema schema({{"id", FieldType::kText},
                 {"age", FieldType::kInt},
                 {"lat", FieldType::kFloat},
                 {"ok", FieldType::kBool}},
                "id");
  auto mapper = Mapper::compile(fields, schema);
  ASSERT_TRUE(mapper.ok()) << mapper.status().to_string();
  Record r(&schema);
  ASSERT_TRUE(
      mapper
          ->map(
              R"({"id":"a","dob":{"age":30},"location":{"coordinates":{"lat":-1.25}},"ok":false})",
              &r)
          .ok());
  EXPECT_TRUE(r.is_int(1));
  EXPECT_EQ(r.int_value(1), 30);
  EXPECT_TRUE(r.is_float(2));
  EXPECT_DOUBLE_EQ(r.float_value(2), -1.25);
  EXPECT_TRUE(r.is_bool(3));
  EXPECT_FALSE(r.bool_value(3));
  ASSERT_TRUE(
      mapper->map(R"({"dob":{"age":"30"},"location":{"coordinates":{"lat":2}},"ok":1})", &r).ok());
  EXPECT_EQ(r.text(1), "30");
  EXPECT_EQ(r.source_kind(1), JsonKind::kString);
  EXPECT_DOUBLE_EQ(r.float_value(2), 2.0);
  EXPECT_EQ(r.source_kind(2), JsonKind::kInteger);
  EXPECT_EQ(r.text(3), "1");
  EXPECT_EQ(r.source_kind(3), JsonKind::kInteger);

  fields[0].template_text = "{a}";  // both from and template
  EXPECT_FALSE(Mapper::compile(fields, schema).ok());
  fields[0].from.clear();
  fields[0].template_text = "{a";
  EXPECT_FALSE(Mapper::compile(fields, schema).ok());
  fields[0].template_text.clear();
  fields[0].from = "a..b";
  EXPECT_FALSE(Mapper::compile(fields, schema).ok());
  fields[0].from = "id";
  fields.pop_back();  // `ok` has no mapping
  EXPECT_FALSE(Mapper::compile(fields, schema).ok());
}

// The shipped rules applied to mapped JSON, as `process` does.
class MappedRulesTest : public MappingTest {
 protected:
  MappedRulesTest()
      : rules_(std::move(RuleSet::compile(config_->rules, config_->fields, *schema_)).value()) {}
  std::vector<std::string> failed(std::string_view json) {
    EXPECT_TRUE(mapper_.map(json, &r_).ok());
    rules_.evaluate(r_, nullptr, &v_);
    std::vector<std::string> ids;
    for (const auto& f : v_.failures)
      ids.push_back(rules_.rule_ids()[f.rule_index]);
    return ids;
  }
  using Ids = std::vector<std::string>;
  RuleSet rules_;
  Verdict v_;
};

TEST_F(MappedRulesTest, ValidProfileAndNumericPostcodePass) {
  EXPECT_EQ(failed(kProfile), Ids{});
  EXPECT_EQ(failed(profile_with(R"("postcode": "63104")", R"("postcode": 63104)")), Ids{});
}

TEST_F(MappedRulesTest, TypicalDefects) {
  EXPECT_EQ(failed(profile_with(R"("postcode": "63104")", R"("postcode": 6.5)")),
            Ids{"data_types"});
  EXPECT_EQ(failed(profile_with(R"("email": "jennie.nichols@example.com")", R"("email": 12345)")),
            Ids{"data_types"});
  EXPECT_EQ(failed(profile_with(R"(example.com")", R"(example.com\n")")), Ids{"email_format"});
  EXPECT_EQ(failed(profile_with(R"("gender": "female")", R"("gender": "Male")")),
            Ids{"gender_values"});
  EXPECT_EQ(failed(profile_with(R"("username": "yellowpeacock117")", R"("username": "yo")")),
            Ids{"username_length"});
  EXPECT_EQ(failed(profile_with(R"("username": "yellowpeacock117")", R"("username": null)")),
            Ids{"required"});
  EXPECT_EQ(
      failed(profile_with(R"("date": "2007-07-09T05:51:59.390Z")", R"("date": "2007-07-09")")),
      Ids{"date_format"});
  EXPECT_EQ(failed(profile_with(R"("registered": {)", R"("registered_x": {)")), Ids{"required"});
}

}  // namespace
}  // namespace sluice
