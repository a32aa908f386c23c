#include "cql/frame.h"

#include <gtest/gtest.h>

#include <string>

namespace sluice::cql {
namespace {

TEST(CqlFrame, RequestHeaderLayout) {
  std::string f = encode_request(0x0102, Opcode::kQuery, "abc");
  ASSERT_EQ(f.size(), kHeaderSize + 3);
  EXPECT_EQ(f.substr(0, kHeaderSize), std::string("\x04\x00\x01\x02\x07\x00\x00\x00\x03", 9));
  EXPECT_EQ(f.substr(kHeaderSize), "abc");
}

TEST(CqlFrame, OptionsFrameMatchesTheServiceScriptProbe) {
  // scripts/services/cassandra sends exactly these bytes to check readiness.
  EXPECT_EQ(encode_request(0, Opcode::kOptions, ""), std::string("\x04\0\0\0\x05\0\0\0\0", 9));
}

TEST(CqlFrame, DecodesResponseHeader) {
  std::string h("\x84\x08\xff\xff\x0c\x00\x00\x01\x00", 9);
  auto d = decode_response_header(h);
  ASSERT_TRUE(d.ok()) << d.status().to_string();
  EXPECT_EQ(d->flags, kFlagWarning);
  EXPECT_EQ(d->stream, -1);
  EXPECT_EQ(d->opcode, Opcode::kEvent);
  EXPECT_EQ(d->length, 256u);
}

TEST(CqlFrame, ShortHeaderIsCorruption) {
  auto d = decode_response_header(std::string("\x84\x00\x00", 3));
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().message(), "frame header needs 9 bytes, got 3");
}

TEST(CqlFrame, RequestDirectionIsRefused) {
  auto d = decode_response_header(encode_request(0, Opcode::kOptions, ""));
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().message(), "not a protocol v4 response frame (version byte 4)");
}

TEST(CqlFrame, OtherProtocolVersionIsRefused) {
  EXPECT_FALSE(decode_response_header(std::string("\x85\0\0\0\x02\0\0\0\0", 9)).ok());
  EXPECT_FALSE(decode_response_header(std::string("\x83\0\0\0\x02\0\0\0\0", 9)).ok());
}

TEST(CqlFrame, BodyOverTheCapIsRefused) {
  std::string h("\x84\x00\x00\x01\x08\x10\x00\x00\x01", 9);  // 256 MiB + 1
  auto d = decode_response_header(h);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().message(), "frame body of 268435457 bytes is over the limit of 268435456");
  EXPECT_FALSE(decode_response_header(std::string("\x84\0\0\1\x08\0\0\x04\x01", 9), 1024).ok());
  EXPECT_TRUE(decode_response_header(std::string("\x84\0\0\1\x08\0\0\x04\x00", 9), 1024).ok());
}

}  // namespace
}  // namespace sluice::cql
