// The decoder against damaged input: every valid sample frame truncated at every length, and
// thousands of seeded random mutations of each (bit flips, byte overwrites with edge values,
// inserted and deleted bytes). Each must come back as a Response or a non-ok Status; a crash,
// hang or out-of-bounds read fails the test (run it under ASan to see the latter).
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "cql/response.h"
#include "sample_frames.h"

namespace sluice::cql {
namespace {

// What the connection's reader does with bytes off the socket.
bool decode_ok(const std::string& bytes) {
  auto h = decode_response_header(bytes, 1 << 20);
  if (!h.ok()) return false;
  std::string body = bytes.substr(kHeaderSize, h->length);
  if (body.size() != h->length) return false;
  return decode_response(Frame{*h, body}).ok();
}

std::string mutate(std::string s, std::mt19937& rng) {
  static const uint8_t kEdges[] = {0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff};
  int edits = 1 + static_cast<int>(rng() % 4);
  for (int i = 0; i < edits && !s.empty(); ++i) {
    size_t at = rng() % s.size();
    switch (rng() % 5) {
      case 0:
        s[at] = static_cast<char>(s[at] ^ (1u << (rng() % 8)));
        break;
      case 1:
        s[at] = static_cast<char>(kEdges[rng() % sizeof kEdges]);
        break;
      case 2:
        s.insert(at, 1, static_cast<char>(rng()));
        break;
      case 3:
        s.erase(at, 1 + rng() % 4);
        break;
      default:  // a whole length field of 0xff: the classic huge or negative count
        for (size_t j = at; j < s.size() && j < at + 4; ++j)
          s[j] = '\xff';
        break;
    }
  }
  return s;
}

// The fuzz seed corpus: the samples above plus frames captured from Cassandra 5.0.9
// (system.local, a paged system_schema read, errors, a PREPARE), by file name.
std::vector<std::pair<std::string, std::string>> corpus() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& e : std::filesystem::directory_iterator(
           std::filesystem::path(SLUICE_SOURCE_DIR) / "tests/fuzz/corpus/cql_frame")) {
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    out.emplace_back(e.path().filename().string(), bytes.str());
  }
  return out;
}

TEST(CqlDecoderRobustness, RealServerFramesInTheCorpusDecode) {
  int real = 0;
  for (const auto& [name, bytes] : corpus()) {
    EXPECT_TRUE(decode_ok(bytes)) << name;
    real += name.rfind("real_", 0) == 0;
  }
  EXPECT_GE(real, 8);
}

TEST(CqlDecoderRobustness, MutatedCorpusFramesNeverCrash) {
  std::mt19937 rng(11);
  for (const auto& [name, bytes] : corpus()) {
    for (int i = 0; i < 500; ++i)
      (void)decode_ok(mutate(bytes, rng));
  }
}

TEST(CqlDecoderRobustness, SamplesDecode) {
  for (const std::string& f : testing::sample_frames())
    EXPECT_TRUE(decode_ok(f));
}

TEST(CqlDecoderRobustness, EveryTruncationIsAnError) {
  for (const std::string& f : testing::sample_frames()) {
    for (size_t n = 0; n < f.size(); ++n) {
      std::string cut = f.substr(0, n);
      EXPECT_FALSE(decode_ok(cut)) << "prefix of " << n << " bytes decoded";
    }
  }
}

TEST(CqlDecoderRobustness, TruncatedBodyWithFixedUpLengthIsAnError) {
  // The header says exactly what is there, so only the body decoder can notice.
  for (const std::string& f : testing::sample_frames()) {
    for (size_t n = kHeaderSize; n < f.size(); ++n) {
      std::string cut = f.substr(0, n);
      uint32_t len = static_cast<uint32_t>(n - kHeaderSize);
      cut[kLengthAt] = static_cast<char>(len >> 24);
      cut[kLengthAt + 1] = static_cast<char>(len >> 16);
      cut[kLengthAt + 2] = static_cast<char>(len >> 8);
      cut[kLengthAt + 3] = static_cast<char>(len);
      // Some prefixes are complete messages (e.g. a Rows body cut after a whole row would
      // still be short); what matters is that decoding returns at all.
      (void)decode_ok(cut);
    }
  }
}

TEST(CqlDecoderRobustness, ThousandsOfMutationsNeverCrash) {
  std::mt19937 rng(20261130);
  int decoded = 0, refused = 0;
  for (const std::string& f : testing::sample_frames()) {
    for (int i = 0; i < 2000; ++i) {
      std::string m = mutate(f, rng);
      // Keep the header's length honest half of the time so the body decoder sees the damage.
      if (i % 2 == 0 && m.size() >= kHeaderSize) {
        auto len = static_cast<uint32_t>(m.size() - kHeaderSize);
        for (int b = 0; b < 4; ++b)
          m[kLengthAt + b] = static_cast<char>(len >> (24 - 8 * b));
      }
      (decode_ok(m) ? decoded : refused)++;
    }
  }
  EXPECT_EQ(decoded + refused, 2000 * static_cast<int>(testing::sample_frames().size()));
  EXPECT_GT(refused, 0);
}

TEST(CqlDecoderRobustness, RandomBytesNeverCrash) {
  std::mt19937 rng(7);
  for (int i = 0; i < 5000; ++i) {
    std::string s(rng() % 64, '\0');
    for (char& c : s)
      c = static_cast<char>(rng());
    if (s.size() >= kHeaderSize) {
      s[0] = static_cast<char>(kResponseVersion);
      s[kOpcodeAt] = static_cast<char>(rng() % 0x12);
      auto len = static_cast<uint32_t>(s.size() - kHeaderSize);
      for (int b = 0; b < 4; ++b)
        s[kLengthAt + b] = static_cast<char>(len >> (24 - 8 * b));
    }
    (void)decode_ok(s);
  }
}

}  // namespace
}  // namespace sluice::cql
