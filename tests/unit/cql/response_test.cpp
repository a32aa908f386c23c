#include "cql/response.h"

#include <gtest/gtest.h>

#include <string>

#include "sample_frames.h"

namespace sluice::cql {
namespace {

Result<Response> decode(const std::string& bytes) {
  auto h = decode_response_header(bytes);
  if (!h.ok()) return h.status();
  return decode_response(Frame{*h, bytes.substr(kHeaderSize)});
}

TEST(CqlResponse, RowsWithEveryColumnTypeAndPagingState) {
  auto r = decode(testing::response_frame(Opcode::kResult, testing::rows_body()));
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_EQ(r->result.kind, ResultKind::kRows);
  const Rows& rows = r->result.rows;
  EXPECT_EQ(rows.metadata.paging_state, std::string("\x01\x02\x03", 3));
  ASSERT_EQ(rows.metadata.columns.size(), 11u);
  EXPECT_EQ(rows.metadata.columns[0].keyspace, "ks");
  EXPECT_EQ(rows.metadata.columns[10].type.to_string(), "map<text, bigint>");
  EXPECT_EQ(rows.column_index("score"), 4);
  ASSERT_EQ(rows.rows.size(), 2u);
  const Row& row = rows.rows[0];
  EXPECT_EQ(row[0], Value::text("alice"));
  EXPECT_EQ(row[1], Value::int32(42));
  EXPECT_EQ(row[2], Value::int64(-2));
  EXPECT_EQ(row[3], Value::boolean(true));
  EXPECT_EQ(row[4], Value::float64(1.5));
  EXPECT_EQ(row[5], Value::timestamp(1700000000000));
  EXPECT_EQ(uuid_to_string(row[6].as_uuid()), "550e8400-e29b-41d4-a716-446655440000");
  EXPECT_EQ(row[7], Value::blob(std::string("\x00\xff", 2)));
  EXPECT_EQ(row[8].debug_string(), "[1, 2]");
  EXPECT_EQ(row[9].debug_string(), "{'a'}");
  EXPECT_EQ(row[10].debug_string(), "{'k': 7}");
  EXPECT_TRUE(rows.rows[1][7].is_null());
}

TEST(CqlResponse, Prepared) {
  auto r = decode(testing::response_frame(Opcode::kResult, testing::prepared_body()));
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  const Prepared& p = r->result.prepared;
  EXPECT_EQ(p.id, std::string("\xaa\xbb\xcc\xdd", 4));
  ASSERT_EQ(p.bind_markers.size(), 2u);
  EXPECT_EQ(p.bind_markers[1].name, "n");
  EXPECT_EQ(p.bind_markers[1].type.id, TypeId::kInt);
  EXPECT_EQ(p.partition_key_indexes, std::vector<uint16_t>{0});
  EXPECT_EQ(p.result_metadata.flags, kMetaNoMetadata);
}

TEST(CqlResponse, SchemaChangeSetKeyspaceAndVoid) {
  auto sc = decode(testing::response_frame(Opcode::kResult, testing::schema_change_body()));
  ASSERT_TRUE(sc.ok());
  EXPECT_EQ(sc->result.schema_change.change_type, "CREATED");
  EXPECT_EQ(sc->result.schema_change.target, "TABLE");
  EXPECT_EQ(sc->result.schema_change.name, "t");
  auto ks = decode(testing::response_frame(Opcode::kResult, testing::set_keyspace_body()));
  EXPECT_EQ(ks->result.keyspace, "ks");
  auto v = decode(testing::response_frame(Opcode::kResult, std::string("\0\0\0\x01", 4)));
  EXPECT_EQ(v->result.kind, ResultKind::kVoid);
}

TEST(CqlResponse, WarningsComeBeforeTheMessage) {
  auto frames = testing::sample_frames();
  auto r = decode(frames[5]);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->warnings, std::vector<std::string>{"batch too large"});
  EXPECT_EQ(r->result.warnings, r->warnings);
  EXPECT_EQ(r->result.keyspace, "ks");
}

TEST(CqlResponse, TracingIdThenBody) {
  std::string body(16, '\x11');
  body += testing::set_keyspace_body();
  auto r = decode(testing::response_frame(Opcode::kResult, body, 1, kFlagTracing));
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->tracing_id.has_value());
  EXPECT_EQ((*r->tracing_id)[0], 0x11);
  EXPECT_EQ(r->result.keyspace, "ks");
}

TEST(CqlResponse, Supported) {
  auto r = decode(testing::response_frame(Opcode::kSupported, testing::supported_body()));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->supported.at("CQL_VERSION"), std::vector<std::string>{"3.4.7"});
}

TEST(CqlResponse, UnknownResultKindIsCorruption) {
  auto r = decode(testing::response_frame(Opcode::kResult, std::string("\0\0\0\x09", 4)));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "RESULT response: unknown result kind 9");
}

TEST(CqlResponse, RequestOpcodeFromServerIsCorruption) {
  auto r = decode(testing::response_frame(Opcode::kQuery, ""));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "QUERY response: a server does not send QUERY (opcode 7)");
}

TEST(CqlResponse, CompressedFrameIsRefused) {
  auto r = decode(testing::response_frame(Opcode::kReady, "", 1, kFlagCompression));
  EXPECT_EQ(r.status().message(), "compressed frame, but no compression was negotiated");
}

TEST(CqlResponse, RowsClaimingMoreRowsThanBytesIsCorruption) {
  std::string body = testing::rows_body();
  // The row count sits right before the first cell; find it by re-encoding a huge count.
  std::string huge = testing::rows_body();
  size_t at =
      huge.find(std::string("\0\0\0\x02\0\0\0\x05"
                            "alice",
                            13));
  ASSERT_NE(at, std::string::npos);
  huge.replace(at, 4, std::string("\x7f\xff\xff\xff", 4));
  auto r = decode(testing::response_frame(Opcode::kResult, huge));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
}

TEST(CqlResponse, NoMetadataRowsUseCachedColumns) {
  std::string b;
  WireWriter w(b);
  w.write_int(0x0002);
  w.write_int(kMetaNoMetadata);
  w.write_int(1);
  w.write_int(1);
  (void)w.write_bytes(std::string("\0\0\0\x07", 4));
  RowsMetadata cached;
  cached.column_count = 1;
  cached.columns.push_back({"ks", "t", "n", ColumnType::of(TypeId::kInt)});
  Frame f{{kResponseVersion, 0, 1, Opcode::kResult, static_cast<uint32_t>(b.size())}, b};
  auto with = decode_response(f, &cached);
  ASSERT_TRUE(with.ok());
  EXPECT_EQ(with->result.rows.rows[0][0], Value::int32(7));
  auto without = decode_response(f);
  ASSERT_TRUE(without.ok());
  EXPECT_EQ(without->result.rows.rows[0][0].kind(), ValueKind::kBlob);
}

}  // namespace
}  // namespace sluice::cql
