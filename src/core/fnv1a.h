// fnv1a64: the 64-bit FNV-1a hash of some bytes. Stable across runs, builds and machines, so
// it can be part of a file format: the embedded log partitions keys by it.
#pragma once

#include <cstdint>
#include <string_view>

namespace sluice {

inline uint64_t fnv1a64(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ULL;  // offset basis
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;  // FNV prime
  }
  return h;
}

}  // namespace sluice
