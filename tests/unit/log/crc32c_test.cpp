#include "log/embedded/crc32c.h"

#include <gtest/gtest.h>

#include <string>

#include "log/embedded/key_hash.h"

namespace sluice {
namespace {

TEST(Crc32c, KnownVectors) {
  EXPECT_EQ(crc32c("", 0), 0u);
  EXPECT_EQ(crc32c("123456789", 9), 0xE3069283u);  // the standard CRC-32C check value
  std::string zeros(32, '\0');
  EXPECT_EQ(crc32c(zeros.data(), zeros.size()), 0x8A9136AAu);  // RFC 3720 B.4
}

TEST(Crc32c, ExtendEqualsWhole) {
  std::string data;
  for (int i = 0; i < 1000; ++i)
    data.push_back(static_cast<char>(i * 7));
  for (size_t cut : {0ul, 1ul, 7ul, 8ul, 9ul, 500ul, 999ul, 1000ul}) {
    uint32_t split = crc32c_extend(crc32c(data.data(), cut), data.data() + cut, data.size() - cut);
    EXPECT_EQ(split, crc32c(data.data(), data.size())) << "cut at " << cut;
  }
}

// Long inputs run the three-stream path (blocks of 768 bytes); every length and alignment
// around the block edges must agree with the byte-at-a-time reference.
TEST(Crc32c, LongInputsMatchTheBytewiseReference) {
  std::string data;
  for (int i = 0; i < 5000; ++i)
    data.push_back(static_cast<char>((i * 131) ^ (i >> 3)));
  auto reference = [](const char* p, size_t n) {
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; ++i) {
      c ^= static_cast<unsigned char>(p[i]);
      for (int k = 0; k < 8; ++k)
        c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
    }
    return ~c;
  };
  for (size_t start : {0ul, 1ul, 5ul})
    for (size_t n : {767ul, 768ul, 769ul, 1535ul, 1536ul, 2000ul, 4321ul, 4995ul})
      EXPECT_EQ(crc32c(data.data() + start, n), reference(data.data() + start, n))
          << "start " << start << " length " << n;
}

TEST(KeyHash, Fnv1a64KnownValuesAndStablePartition) {
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(partition_for_key("a", 4), static_cast<int>(0xaf63dc4c8601ec8cull % 4));
  for (int n : {1, 3, 4, 16}) {
    int p = partition_for_key("someuser123", n);
    EXPECT_GE(p, 0);
    EXPECT_LT(p, n);
  }
}

}  // namespace
}  // namespace sluice
