#include "log/embedded/key_hash.h"

namespace sluice {

int partition_for_key(std::string_view key, int partition_count) {
  return static_cast<int>(fnv1a64(key) % static_cast<uint64_t>(partition_count));
}

}  // namespace sluice
