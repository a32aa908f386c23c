#include "log/embedded/key_hash.h"

#include "log/embedded/format.h"

namespace sluice {

uint64_t fnv1a64(std::string_view bytes) {
  uint64_t h = log_format::kFnvOffsetBasis;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= log_format::kFnvPrime;
  }
  return h;
}

int partition_for_key(std::string_view key, int partition_count) {
  return static_cast<int>(fnv1a64(key) % static_cast<uint64_t>(partition_count));
}

}  // namespace sluice
