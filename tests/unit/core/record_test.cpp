#include "core/record.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

Schema three_fields() {
  return Schema({{"name", FieldType::kText}, {"age", FieldType::kInt}, {"id", FieldType::kText}},
                "id");
}

TEST(Schema, IndexAndKey) {
  Schema s = three_fields();
  EXPECT_EQ(s.size(), 3u);
  EXPECT_EQ(s.index_of("age"), 1u);
  EXPECT_FALSE(s.index_of("nope").has_value());
  EXPECT_EQ(s.key_index(), 2u);
  EXPECT_EQ(s.key_name(), "id");
}

TEST(Schema, NamesRoundTrip) {
  EXPECT_EQ(parse_field_type("timestamp"), FieldType::kTimestamp);
  EXPECT_FALSE(parse_field_type("string").has_value());
  EXPECT_EQ(json_kind_name(JsonKind::kInteger), "integer");
  EXPECT_EQ(parse_json_kind("array"), JsonKind::kArray);
}

TEST(Record, StartsMissing) {
  Schema s = three_fields();
  Record r(&s);
  for (size_t i = 0; i < r.size(); ++i) {
    EXPECT_TRUE(r.is_null(i));
    EXPECT_EQ(r.source_kind(i), JsonKind::kMissing);
  }
  EXPECT_EQ(r.key(), "");
}

TEST(Record, TextIntAndSourceKinds) {
  Schema s = three_fields();
  Record r(&s);
  r.set_text(0, "Zoë");
  r.set_int(1, 42);
  r.set_text(2, "12345", JsonKind::kInteger);
  EXPECT_EQ(r.text(0), "Zoë");
  EXPECT_TRUE(r.is_int(1));
  EXPECT_EQ(r.to_text(1), "42");
  EXPECT_EQ(r.key(), "12345");
  EXPECT_EQ(r.source_kind(2), JsonKind::kInteger);
}

TEST(Record, NullIsNotMissing) {
  Schema s = three_fields();
  Record r(&s);
  r.set_null(0);
  EXPECT_TRUE(r.is_null(0));
  EXPECT_EQ(r.source_kind(0), JsonKind::kNull);
  EXPECT_EQ(r.to_text(0), "");
}

TEST(Record, AppendTextBuildsTemplates) {
  Schema s = three_fields();
  Record r(&s);
  r.set_text(2, "k");
  r.append_text(0, "12 ");
  r.append_text(0, "Main St");
  EXPECT_EQ(r.text(0), "12 Main St");
  r.set_text(2, "other");  // the arena grows past field 0; appending still joins correctly
  r.append_text(0, ", Town");
  EXPECT_EQ(r.text(0), "12 Main St, Town");
  EXPECT_EQ(r.text(2), "other");
}

TEST(Record, ClearResetsValuesAndMeta) {
  Schema s = three_fields();
  Record r(&s);
  r.set_text(0, "x");
  r.meta.offset = 9;
  r.clear();
  EXPECT_TRUE(r.is_null(0));
  EXPECT_EQ(r.source_kind(0), JsonKind::kMissing);
  EXPECT_EQ(r.meta.offset, -1);
}

}  // namespace
}  // namespace sluice
