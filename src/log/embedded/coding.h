// Fixed-width little-endian encoding used by the embedded log's format (format.h).
// The format is little-endian on disk; on the little-endian machines we build for this is a
// plain memcpy, and the static_assert stops a silent misread elsewhere.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

namespace sluice::log_coding {

static_assert(std::endian::native == std::endian::little,
              "log format coding assumes little-endian");

inline void put_u32(char* p, uint32_t v) {
  std::memcpy(p, &v, sizeof v);
}
inline void put_u64(char* p, uint64_t v) {
  std::memcpy(p, &v, sizeof v);
}
inline void put_i64(char* p, int64_t v) {
  std::memcpy(p, &v, sizeof v);
}

inline uint32_t get_u32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline uint64_t get_u64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline int64_t get_i64(const char* p) {
  int64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

}  // namespace sluice::log_coding
