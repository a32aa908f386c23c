#include "cql/value_codec.h"

#include <gtest/gtest.h>

#include <string>

#include "cql/wire_reader.h"

namespace sluice::cql {
namespace {

// Encodes `v` as a [value] of `type` and decodes it back through the reader.
Value round_trip(const ColumnType& type, const Value& v) {
  std::string buf;
  WireWriter w(buf);
  Status s = encode_value_as(type, v, w);
  EXPECT_TRUE(s.ok()) << s.to_string();
  WireReader r(buf);
  auto cell = r.read_bytes();
  EXPECT_TRUE(cell.ok());
  auto out = decode_value(type, *cell);
  EXPECT_TRUE(out.ok()) << out.status().to_string();
  return out.ok() ? *out : Value::null();
}

TEST(CqlValueCodec, SinkTypesRoundTrip) {
  Uuid id = *parse_uuid("550e8400-e29b-41d4-a716-446655440000");
  EXPECT_EQ(round_trip(ColumnType::of(TypeId::kVarchar), Value::text("Zoë")), Value::text("Zoë"));
  EXPECT_EQ(round_trip(ColumnType::of(TypeId::kInt), Value::int32(-7)), Value::int32(-7));
  EXPECT_EQ(round_trip(ColumnType::of(TypeId::kBigint), Value::int64(1LL << 40)),
            Value::int64(1LL << 40));
  EXPECT_EQ(round_trip(ColumnType::of(TypeId::kBoolean), Value::boolean(true)),
            Value::boolean(true));
  EXPECT_EQ(round_trip(ColumnType::of(TypeId::kDouble), Value::float64(-0.25)),
            Value::float64(-0.25));
  EXPECT_EQ(round_trip(ColumnType::of(TypeId::kTimestamp), Value::timestamp(1700000000123)),
            Value::timestamp(1700000000123));
  EXPECT_EQ(round_trip(ColumnType::of(TypeId::kUuid), Value::uuid(id)), Value::uuid(id));
  EXPECT_EQ(round_trip(ColumnType::of(TypeId::kBlob), Value::blob(std::string("\0\xff", 2))),
            Value::blob(std::string("\0\xff", 2)));
}

TEST(CqlValueCodec, CollectionsRoundTrip) {
  auto list = ColumnType::list_of(ColumnType::of(TypeId::kInt));
  auto set = ColumnType::set_of(ColumnType::of(TypeId::kVarchar));
  auto map = ColumnType::map_of(ColumnType::of(TypeId::kVarchar), ColumnType::of(TypeId::kBigint));
  Value l = Value::list({Value::int32(1), Value::int32(2)});
  Value s = Value::set({Value::text("a"), Value::text("b")});
  Value m = Value::map({{Value::text("k"), Value::int64(7)}});
  EXPECT_EQ(round_trip(list, l), l);
  EXPECT_EQ(round_trip(set, s), s);
  EXPECT_EQ(round_trip(map, m), m);
  EXPECT_EQ(round_trip(map, m).debug_string(), "{'k': 7}");
}

TEST(CqlValueCodec, IntWidensToBigintAndNarrowsWhenInRange) {
  EXPECT_EQ(round_trip(ColumnType::of(TypeId::kBigint), Value::int32(5)), Value::int64(5));
  EXPECT_EQ(round_trip(ColumnType::of(TypeId::kInt), Value::int64(5)), Value::int32(5));
  EXPECT_EQ(round_trip(ColumnType::of(TypeId::kSmallint), Value::int32(-300)), Value::int32(-300));
  EXPECT_EQ(round_trip(ColumnType::of(TypeId::kTimestamp), Value::int64(9)), Value::timestamp(9));
}

TEST(CqlValueCodec, OutOfRangeIntIsInvalidArgument) {
  std::string buf;
  WireWriter w(buf);
  Status s = encode_value_as(ColumnType::of(TypeId::kInt), Value::int64(1LL << 33), w);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "8589934592 is out of range for int");
}

TEST(CqlValueCodec, WrongKindNamesBothTypes) {
  std::string buf;
  WireWriter w(buf);
  Status s = encode_value_as(ColumnType::of(TypeId::kVarchar), Value::int32(1), w);
  EXPECT_EQ(s.message(), "cannot bind a int value to a text marker");
}

TEST(CqlValueCodec, NonAsciiTextForAsciiIsRefused) {
  std::string buf;
  WireWriter w(buf);
  EXPECT_FALSE(encode_value_as(ColumnType::of(TypeId::kAscii), Value::text("é"), w).ok());
}

TEST(CqlValueCodec, NullEncodesAsMinusOne) {
  std::string buf;
  WireWriter w(buf);
  ASSERT_TRUE(encode_value(Value::null(), w).ok());
  EXPECT_EQ(buf, std::string("\xff\xff\xff\xff", 4));
}

TEST(CqlValueCodec, NaturalEncodingOfInt) {
  std::string buf;
  WireWriter w(buf);
  ASSERT_TRUE(encode_value(Value::int32(42), w).ok());
  EXPECT_EQ(buf, std::string("\0\0\0\x04\0\0\0\x2a", 8));
}

TEST(CqlValueCodec, WrongSizedIntCellIsCorruption) {
  auto v = decode_value(ColumnType::of(TypeId::kInt), std::string_view("\x01\x02\x03", 3));
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().message(), "int cell of 3 bytes");
}

TEST(CqlValueCodec, EmptyFixedSizeCellIsNull) {
  EXPECT_TRUE(decode_value(ColumnType::of(TypeId::kBigint), std::string_view())->is_null());
  EXPECT_EQ(decode_value(ColumnType::of(TypeId::kVarchar), std::string_view())->kind(),
            ValueKind::kText);
}

TEST(CqlValueCodec, ListClaimingMoreElementsThanBytesIsCorruption) {
  auto type = ColumnType::list_of(ColumnType::of(TypeId::kInt));
  auto v = decode_value(type, std::string_view("\x7f\xff\xff\xff\0\0\0\0", 8));
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kCorruption);
}

TEST(CqlValueCodec, ListWithTrailingBytesIsCorruption) {
  auto type = ColumnType::list_of(ColumnType::of(TypeId::kInt));
  auto v = decode_value(type, std::string_view("\0\0\0\0\x01", 5));
  EXPECT_EQ(v.status().message(), "list<int> cell has trailing bytes");
}

TEST(CqlValueCodec, UnsupportedTypesDecodeAsBlobs) {
  auto v = decode_value(ColumnType::of(TypeId::kVarint), std::string_view("\x00\x80", 2));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->kind(), ValueKind::kBlob);
  EXPECT_EQ(v->bytes(), std::string("\x00\x80", 2));
}

TEST(CqlValueCodec, NeighbourTypesMapOntoNativeKinds) {
  EXPECT_EQ(decode_value(ColumnType::of(TypeId::kCounter), std::string("\0\0\0\0\0\0\0\x03", 8))
                ->as_int64(),
            3);
  EXPECT_EQ(decode_value(ColumnType::of(TypeId::kTinyint), std::string("\xff", 1))->as_int32(), -1);
  EXPECT_EQ(
      decode_value(ColumnType::of(TypeId::kFloat), std::string("\x3f\xc0\0\0", 4))->as_double(),
      1.5);
}

TEST(CqlValueCodec, UuidTextRoundTrips) {
  auto u = parse_uuid("550E8400-E29B-41D4-A716-446655440000");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(uuid_to_string(*u), "550e8400-e29b-41d4-a716-446655440000");
  EXPECT_FALSE(parse_uuid("550e8400-e29b-41d4-a716-44665544000").ok());
  EXPECT_FALSE(parse_uuid("550e8400xe29b-41d4-a716-446655440000").ok());
}

TEST(CqlValueCodec, ColumnTypeSpelling) {
  auto m = ColumnType::map_of(ColumnType::of(TypeId::kVarchar),
                              ColumnType::list_of(ColumnType::of(TypeId::kTimestamp)));
  EXPECT_EQ(m.to_string(), "map<text, list<timestamp>>");
}

TEST(CqlValueCodec, DeeplyNestedTypeIsRefused) {
  std::string bytes;
  for (int i = 0; i < 40; ++i)
    bytes += std::string("\x00\x20", 2);  // list<list<...
  bytes += std::string("\x00\x09", 2);
  WireReader r(bytes);
  auto t = read_column_type(r);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(), "type nested deeper than 16");
}

}  // namespace
}  // namespace sluice::cql
