#include "cql/request.h"

#include <gtest/gtest.h>

#include <string>

#include "cql/wire_reader.h"

namespace sluice::cql {
namespace {

TEST(CqlRequest, StartupAsksForCql3) {
  auto body = encode_startup();
  ASSERT_TRUE(body.ok());
  WireReader r(*body);
  auto m = r.read_string_map();
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->at("CQL_VERSION"), "3.0.0");
}

TEST(CqlRequest, PlainAuthTokenIsNulUserNulPassword) {
  auto body = encode_plain_auth_response("sluice", "s3cret");
  ASSERT_TRUE(body.ok());
  WireReader r(*body);
  EXPECT_EQ(**r.read_bytes(), std::string("\0sluice\0s3cret", 14));
}

TEST(CqlRequest, QueryWithValuesPagingAndTimestamp) {
  std::vector<Value> values = {Value::text("a"), Value::int32(1)};
  QueryParameters p;
  p.consistency = Consistency::kOne;
  p.values = &values;
  p.page_size = 100;
  p.paging_state = std::string_view("PS");
  p.serial_consistency = Consistency::kLocalSerial;
  p.default_timestamp_us = 7;
  auto body = encode_query("SELECT ?", p);
  ASSERT_TRUE(body.ok());
  WireReader r(*body);
  EXPECT_EQ(*r.read_long_string(), "SELECT ?");
  EXPECT_EQ(*r.read_consistency(), Consistency::kOne);
  EXPECT_EQ(*r.read_byte(), kQueryValues | kQueryPageSize | kQueryPagingState |
                                kQuerySerialConsistency | kQueryDefaultTimestamp);
  EXPECT_EQ(*r.read_short(), 2);
  EXPECT_EQ(r.read_value()->bytes, "a");
  EXPECT_EQ(r.read_value()->bytes, std::string("\0\0\0\x01", 4));
  EXPECT_EQ(*r.read_int(), 100);
  EXPECT_EQ(**r.read_bytes(), "PS");
  EXPECT_EQ(*r.read_consistency(), Consistency::kLocalSerial);
  EXPECT_EQ(*r.read_long(), 7);
  EXPECT_TRUE(r.at_end());
}

TEST(CqlRequest, ExecuteEncodesByMarkerType) {
  std::vector<ColumnSpec> types = {{"ks", "t", "big", ColumnType::of(TypeId::kBigint)}};
  std::vector<Value> values = {Value::int32(3)};
  QueryParameters p;
  p.values = &values;
  p.bind_types = &types;
  auto body = encode_execute("ID", p);
  ASSERT_TRUE(body.ok());
  WireReader r(*body);
  EXPECT_EQ(*r.read_short_bytes(), "ID");
  EXPECT_EQ(*r.read_consistency(), Consistency::kLocalQuorum);
  EXPECT_EQ(*r.read_byte(), kQueryValues);
  EXPECT_EQ(*r.read_short(), 1);
  EXPECT_EQ(r.read_value()->bytes, std::string("\0\0\0\0\0\0\0\x03", 8));
}

TEST(CqlRequest, WrongValueCountNamesTheMarkers) {
  std::vector<ColumnSpec> types = {{"ks", "t", "a", ColumnType::of(TypeId::kInt)},
                                   {"ks", "t", "b", ColumnType::of(TypeId::kInt)}};
  std::vector<Value> values = {Value::int32(3)};
  QueryParameters p;
  p.values = &values;
  p.bind_types = &types;
  auto body = encode_execute("ID", p);
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.status().message(), "statement has 2 bind markers, got 1 values");
  p.values = nullptr;
  EXPECT_EQ(encode_execute("ID", p).status().message(),
            "statement has 2 bind markers, got no values");
}

TEST(CqlRequest, BadValueNamesItsMarker) {
  std::vector<ColumnSpec> types = {{"ks", "t", "age", ColumnType::of(TypeId::kInt)}};
  std::vector<Value> values = {Value::text("x")};
  QueryParameters p;
  p.values = &values;
  p.bind_types = &types;
  EXPECT_EQ(encode_execute("ID", p).status().message(),
            "bind marker 0 (age): cannot bind a text value to a int marker");
}

TEST(CqlRequest, BatchOfPreparedAndSimpleStatements) {
  std::vector<Value> v1 = {Value::int32(1)};
  std::vector<BatchEntry> entries = {{true, "ID", &v1, nullptr},
                                     {false, "DELETE FROM t WHERE k = 1", nullptr, nullptr}};
  auto body = encode_batch(BatchType::kUnlogged, entries, Consistency::kQuorum);
  ASSERT_TRUE(body.ok());
  WireReader r(*body);
  EXPECT_EQ(*r.read_byte(), 1);   // unlogged
  EXPECT_EQ(*r.read_short(), 2);  // statements
  EXPECT_EQ(*r.read_byte(), kBatchQueryKindPrepared);
  EXPECT_EQ(*r.read_short_bytes(), "ID");
  EXPECT_EQ(*r.read_short(), 1);
  EXPECT_EQ(r.read_value()->bytes, std::string("\0\0\0\x01", 4));
  EXPECT_EQ(*r.read_byte(), kBatchQueryKindString);
  EXPECT_EQ(*r.read_long_string(), "DELETE FROM t WHERE k = 1");
  EXPECT_EQ(*r.read_short(), 0);
  EXPECT_EQ(*r.read_consistency(), Consistency::kQuorum);
  EXPECT_EQ(*r.read_byte(), 0);
  EXPECT_TRUE(r.at_end());
}

}  // namespace
}  // namespace sluice::cql
