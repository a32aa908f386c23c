#include <gtest/gtest.h>

#include <string>

#include "cql/wire_reader.h"
#include "cql/wire_writer.h"

namespace sluice::cql {
namespace {

TEST(CqlWire, RoundTripsEveryNotation) {
  std::string buf;
  WireWriter w(buf);
  w.write_byte(0xAB);
  w.write_short(0xBEEF);
  w.write_int(-5);
  w.write_long(-1234567890123LL);
  ASSERT_TRUE(w.write_string("héllo").ok());
  ASSERT_TRUE(w.write_long_string("select 1").ok());
  ASSERT_TRUE(w.write_bytes(std::string_view("\x00\x01", 2)).ok());
  ASSERT_TRUE(w.write_bytes(std::nullopt).ok());
  ASSERT_TRUE(w.write_short_bytes("id").ok());
  ASSERT_TRUE(w.write_string_list({"a", "bc"}).ok());
  ASSERT_TRUE(w.write_string_map({{"CQL_VERSION", "3.0.0"}}).ok());
  w.write_consistency(Consistency::kLocalQuorum);
  ASSERT_TRUE(w.write_inet({std::string("\x7f\x00\x00\x01", 4), 9042}).ok());
  ASSERT_TRUE(w.write_value({WireValue::State::kNotSet, {}}).ok());

  WireReader r(buf);
  EXPECT_EQ(*r.read_byte(), 0xAB);
  EXPECT_EQ(*r.read_short(), 0xBEEF);
  EXPECT_EQ(*r.read_int(), -5);
  EXPECT_EQ(*r.read_long(), -1234567890123LL);
  EXPECT_EQ(*r.read_string(), "héllo");
  EXPECT_EQ(*r.read_long_string(), "select 1");
  EXPECT_EQ(**r.read_bytes(), std::string_view("\x00\x01", 2));
  EXPECT_FALSE(r.read_bytes()->has_value());
  EXPECT_EQ(*r.read_short_bytes(), "id");
  EXPECT_EQ(*r.read_string_list(), (std::vector<std::string>{"a", "bc"}));
  EXPECT_EQ(r.read_string_map()->at("CQL_VERSION"), "3.0.0");
  EXPECT_EQ(*r.read_consistency(), Consistency::kLocalQuorum);
  auto inet = r.read_inet();
  ASSERT_TRUE(inet.ok());
  EXPECT_EQ(inet->to_string(), "127.0.0.1:9042");
  EXPECT_EQ(r.read_value()->state, WireValue::State::kNotSet);
  EXPECT_TRUE(r.at_end());
}

TEST(CqlWire, BigEndianOnTheWire) {
  std::string buf;
  WireWriter w(buf);
  w.write_int(0x01020304);
  w.write_short(0x0506);
  EXPECT_EQ(buf, std::string("\x01\x02\x03\x04\x05\x06", 6));
}

TEST(CqlWire, TruncatedIntNamesNotationAndOffset) {
  WireReader r(std::string_view("\x00\x01", 2));
  auto v = r.read_int();
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(v.status().message(), "[int] at byte 0 needs 4 bytes, 2 left");
  EXPECT_EQ(r.position(), 0u);
}

TEST(CqlWire, StringLongerThanWhatIsLeftFailsAndKeepsPosition) {
  WireReader r(
      std::string_view("\x00\x05"
                       "abc",
                       5));
  auto s = r.read_string();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "[string] at byte 2 needs 5 bytes, 3 left");
  EXPECT_EQ(r.position(), 0u);
}

TEST(CqlWire, NegativeLongStringLengthIsCorruption) {
  WireReader r(std::string_view("\xff\xff\xff\xfe", 4));
  auto s = r.read_long_string();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kCorruption);
}

TEST(CqlWire, HugeBytesLengthIsRefusedWithoutAllocating) {
  WireReader r(std::string_view("\x7f\xff\xff\xff\x00", 5));
  auto b = r.read_bytes();
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().message(), "[bytes] at byte 4 needs 2147483647 bytes, 1 left");
}

TEST(CqlWire, ValueBelowMinusTwoIsCorruption) {
  WireReader r(std::string_view("\xff\xff\xff\xfd", 4));
  EXPECT_EQ(r.read_value().status().code(), StatusCode::kCorruption);
}

TEST(CqlWire, StringListCountBeyondBytesIsCorruption) {
  WireReader r(std::string_view("\xff\xff\x00\x00", 4));
  auto l = r.read_string_list();
  ASSERT_FALSE(l.ok());
  EXPECT_EQ(r.position(), 0u);
}

TEST(CqlWire, TruncatedStringMapRestoresPosition) {
  std::string buf;
  WireWriter w(buf);
  ASSERT_TRUE(w.write_string_map({{"a", "b"}, {"c", "d"}}).ok());
  buf.pop_back();
  WireReader r(buf);
  EXPECT_FALSE(r.read_string_map().ok());
  EXPECT_EQ(r.position(), 0u);
}

TEST(CqlWire, UnknownConsistencyIsCorruption) {
  WireReader r(std::string_view("\x00\x0b", 2));
  EXPECT_EQ(r.read_consistency().status().code(), StatusCode::kCorruption);
}

TEST(CqlWire, InetOfBadSizeIsCorruption) {
  WireReader r(std::string_view("\x05\x01\x02\x03\x04\x05\x00\x00\x00\x01", 10));
  EXPECT_EQ(r.read_inet().status().message(),
            "[inet] at byte 0 has address size 5 (4 or 16 expected)");
}

TEST(CqlWire, Ipv6InetPrintsBracketed) {
  std::string addr(16, '\0');
  addr[15] = 1;
  EXPECT_EQ((Inet{addr, 9042}.to_string()), "[::1]:9042");
}

TEST(CqlWire, StringOverShortLimitIsRefusedAndOutputUntouched) {
  std::string buf;
  WireWriter w(buf);
  Status s = w.write_string(std::string(70000, 'x'));
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(buf.empty());
}

TEST(CqlWire, ConsistencyNamesRoundTrip) {
  Consistency c;
  ASSERT_TRUE(parse_consistency("local_quorum", &c));
  EXPECT_EQ(c, Consistency::kLocalQuorum);
  EXPECT_EQ(consistency_name(Consistency::kEachQuorum), "EACH_QUORUM");
  EXPECT_FALSE(parse_consistency("most", &c));
}

}  // namespace
}  // namespace sluice::cql
