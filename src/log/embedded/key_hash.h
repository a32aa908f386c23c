// The partition of a key: FNV-1a 64 over the key's bytes, modulo the partition count. Stable
// across runs, builds and machines (it is part of the format: records of a key stay in one
// partition only while this function and the partition count stay the same). Thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/fnv1a.h"

namespace sluice {

int partition_for_key(std::string_view key, int partition_count);

}  // namespace sluice
