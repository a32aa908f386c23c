#include "sink/sqlite/key_filter.h"

#include <algorithm>
#include <bit>

namespace sluice::sqlite {
namespace {

constexpr size_t kBitsPerKey = 10;
constexpr size_t kMinBits = size_t{1} << 16;

// Two independent 64-bit hashes of the key (FNV-1a, then a murmur-style finaliser for the
// second); the filter's k probes are h1 + i * h2 (Kirsch-Mitzenmacher double hashing).
uint64_t fnv1a(std::string_view key) {
  uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

}  // namespace

// The bit count is a power of two, so that a probe is a mask instead of a 64-bit division.
KeyFilter::KeyFilter(size_t capacity)
    : capacity_(std::max(capacity, kMinBits / kBitsPerKey)),
      bits_(std::bit_ceil(std::max(capacity_ * kBitsPerKey, kMinBits)) / 64, 0) {}

void KeyFilter::add(std::string_view key) {
  const uint64_t h1 = fnv1a(key);
  const uint64_t h2 = mix(h1) | 1;
  const uint64_t mask = bits_.size() * 64 - 1;
  for (int i = 0; i < kHashes; ++i) {
    const uint64_t bit = (h1 + static_cast<uint64_t>(i) * h2) & mask;
    bits_[bit / 64] |= uint64_t{1} << (bit % 64);
  }
  ++count_;
}

bool KeyFilter::may_contain(std::string_view key) const {
  const uint64_t h1 = fnv1a(key);
  const uint64_t h2 = mix(h1) | 1;
  const uint64_t mask = bits_.size() * 64 - 1;
  for (int i = 0; i < kHashes; ++i) {
    const uint64_t bit = (h1 + static_cast<uint64_t>(i) * h2) & mask;
    if ((bits_[bit / 64] & (uint64_t{1} << (bit % 64))) == 0) return false;
  }
  return true;
}

}  // namespace sluice::sqlite
