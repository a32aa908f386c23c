#include "sink/sqlite/key_filter.h"

#include <algorithm>
#include <bit>

#include "core/fnv1a.h"

namespace sluice::sqlite {
namespace {

constexpr size_t kBitsPerKey = 10;
constexpr size_t kMinBits = size_t{1} << 16;

// Two independent 64-bit hashes of the key (FNV-1a, then a murmur-style finaliser for the
// second); the filter's k probes are h1 + i * h2 (Kirsch-Mitzenmacher double hashing).
struct KeyHash {
  uint64_t h1;
  uint64_t h2;
};

KeyHash hash_key(std::string_view key) {
  const uint64_t h = fnv1a64(key);
  uint64_t m = h;
  m ^= m >> 33;
  m *= 0xff51afd7ed558ccdULL;
  m ^= m >> 33;
  m *= 0xc4ceb9fe1a85ec53ULL;
  m ^= m >> 33;
  return {h, m | 1};
}

}  // namespace

KeyFilter::Layer::Layer(size_t keys)
    : capacity(std::max(keys, kMinBits / kBitsPerKey)),
      bits(std::bit_ceil(std::max(capacity * kBitsPerKey, kMinBits)) / 64, 0) {}

KeyFilter::KeyFilter(size_t capacity) {
  layers_.emplace_back(capacity);
}

void KeyFilter::add(std::string_view key) {
  if (layers_.back().count >= layers_.back().capacity) {
    layers_.emplace_back(layers_.back().capacity * 2);
  }
  Layer& layer = layers_.back();
  const KeyHash h = hash_key(key);
  const uint64_t mask = layer.bits.size() * 64 - 1;
  for (int i = 0; i < kHashes; ++i) {
    const uint64_t bit = (h.h1 + static_cast<uint64_t>(i) * h.h2) & mask;
    layer.bits[bit / 64] |= uint64_t{1} << (bit % 64);
  }
  ++layer.count;
}

size_t KeyFilter::count() const {
  size_t n = 0;
  for (const Layer& layer : layers_)
    n += layer.count;
  return n;
}

bool KeyFilter::may_contain(std::string_view key) const {
  const KeyHash h = hash_key(key);
  for (const Layer& layer : layers_) {
    const uint64_t mask = layer.bits.size() * 64 - 1;
    bool all = true;
    for (int i = 0; i < kHashes && all; ++i) {
      const uint64_t bit = (h.h1 + static_cast<uint64_t>(i) * h.h2) & mask;
      all = (layer.bits[bit / 64] & (uint64_t{1} << (bit % 64))) != 0;
    }
    if (all) return true;
  }
  return false;
}

}  // namespace sluice::sqlite
