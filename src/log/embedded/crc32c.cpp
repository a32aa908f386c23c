#include "log/embedded/crc32c.h"

#include <array>
#include <cstring>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace sluice {
namespace {

constexpr uint32_t kPolyReflected = 0x82F63B78u;

constexpr std::array<uint32_t, 256> make_table() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k)
      c = (c & 1) ? (c >> 1) ^ kPolyReflected : c >> 1;
    table[i] = c;
  }
  return table;
}

constexpr std::array<uint32_t, 256> kTable = make_table();

// `state` is the running register (already inverted), as are the hardware variants'.
uint32_t extend_table(uint32_t state, const unsigned char* p, size_t n) {
  for (size_t i = 0; i < n; ++i)
    state = kTable[(state ^ p[i]) & 0xFF] ^ (state >> 8);
  return state;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) uint64_t extend_words(uint64_t s, const unsigned char* p,
                                                        size_t words) {
  for (size_t i = 0; i < words; ++i) {
    uint64_t word;
    std::memcpy(&word, p + 8 * i, 8);
    s = _mm_crc32_u64(s, word);
  }
  return s;
}

// The crc32 instruction takes 3 cycles but can start one per cycle, so one running register
// uses a third of it. Blocks of 3 x kStreamBytes are checksummed as three independent streams
// (the later two from 0) and joined: the register after A then B is the register after B from
// 0, xor the register after A pushed through len(B) zero bytes. That push is linear in the
// register, so for a fixed length it is four table lookups (kShift).
constexpr size_t kStreamBytes = 256;

struct ShiftTable {
  std::array<std::array<uint32_t, 256>, 4> by_byte{};

  ShiftTable() {
    const std::array<unsigned char, kStreamBytes> zeros{};
    for (int byte = 0; byte < 4; ++byte) {
      for (uint32_t v = 0; v < 256; ++v)
        by_byte[byte][v] = extend_table(v << (8 * byte), zeros.data(), zeros.size());
    }
  }
  uint32_t shift(uint32_t state) const {
    return by_byte[0][state & 0xFF] ^ by_byte[1][(state >> 8) & 0xFF] ^
           by_byte[2][(state >> 16) & 0xFF] ^ by_byte[3][state >> 24];
  }
};

__attribute__((target("sse4.2"))) uint32_t extend_sse42(uint32_t state, const unsigned char* p,
                                                        size_t n) {
  static const ShiftTable kShift;
  uint64_t s = state;
  constexpr size_t kWords = kStreamBytes / 8;
  while (n >= 3 * kStreamBytes) {
    uint64_t a = s;
    uint64_t b = 0;
    uint64_t c = 0;
    for (size_t i = 0; i < kWords; ++i) {
      uint64_t wa;
      uint64_t wb;
      uint64_t wc;
      std::memcpy(&wa, p + 8 * i, 8);
      std::memcpy(&wb, p + kStreamBytes + 8 * i, 8);
      std::memcpy(&wc, p + 2 * kStreamBytes + 8 * i, 8);
      a = _mm_crc32_u64(a, wa);
      b = _mm_crc32_u64(b, wb);
      c = _mm_crc32_u64(c, wc);
    }
    const uint32_t ab = kShift.shift(static_cast<uint32_t>(a)) ^ static_cast<uint32_t>(b);
    s = kShift.shift(ab) ^ static_cast<uint32_t>(c);
    p += 3 * kStreamBytes;
    n -= 3 * kStreamBytes;
  }
  s = extend_words(s, p, n / 8);
  p += n / 8 * 8;
  n %= 8;
  auto s32 = static_cast<uint32_t>(s);
  while (n > 0) {
    s32 = _mm_crc32_u8(s32, *p++);
    --n;
  }
  return s32;
}

bool cpu_has_sse42() {
  static const bool has = __builtin_cpu_supports("sse4.2");
  return has;
}
#endif

}  // namespace

uint32_t crc32c_extend(uint32_t crc, const char* data, size_t n) {
  const auto* p = reinterpret_cast<const unsigned char*>(data);
  uint32_t state = ~crc;
#if defined(__x86_64__)
  if (cpu_has_sse42()) return ~extend_sse42(state, p, n);
#endif
  return ~extend_table(state, p, n);
}

}  // namespace sluice
