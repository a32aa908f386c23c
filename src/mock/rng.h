// Rng: a tiny deterministic random generator (splitmix64) for the mock API.
// The standard distributions differ between library implementations, so everything the mock
// draws goes through these few functions: the same seed gives the same bytes everywhere.
// Not thread-safe; make one per generated record or request.
#pragma once

#include <cstdint>
#include <string_view>

namespace sluice::mock {

// FNV-1a, then mixed: a stable 64-bit hash of a string.
inline uint64_t hash_text(std::string_view text) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

// Combines hashes so that (a, b) and (b, a) differ.
inline uint64_t mix(uint64_t a, uint64_t b) {
  uint64_t z = a + 0x9E3779B97F4A7C15ULL + (b << 6) + (b >> 2);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31) ^ b;
}

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}

  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); n > 0. The modulo bias is irrelevant for test data.
  uint64_t below(uint64_t n) { return next() % n; }
  int between(int lo, int hi) {
    return lo + static_cast<int>(below(static_cast<uint64_t>(int64_t{hi} - lo + 1)));
  }
  // Uniform in [0, 1).
  double unit() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
  bool chance(double p) { return unit() < p; }
  template <typename T, size_t N>
  const T& pick(const T (&items)[N]) {
    return items[below(N)];
  }

 private:
  uint64_t state_;
};

}  // namespace sluice::mock
