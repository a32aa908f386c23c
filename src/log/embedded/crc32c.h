// CRC32C (Castagnoli, polynomial 0x1EDC6F41 reflected as 0x82F63B78): the checksum of every
// batch and commit record. Uses the SSE4.2 crc32 instruction (three streams interleaved) when
// the CPU has it, a table otherwise; both give identical results. Thread-safe (pure functions).
#pragma once

#include <cstddef>
#include <cstdint>

namespace sluice {

// The CRC32C of data[0, n) continuing from `crc`, the CRC32C of what came before
// (0 for an empty prefix): crc32c_extend(crc32c(a), b) == crc32c(a followed by b).
uint32_t crc32c_extend(uint32_t crc, const char* data, size_t n);

inline uint32_t crc32c(const char* data, size_t n) {
  return crc32c_extend(0, data, n);
}

}  // namespace sluice
