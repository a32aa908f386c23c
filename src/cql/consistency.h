// Consistency levels ([consistency], a [short] on the wire).
#pragma once

#include <cstdint>
#include <string_view>

namespace sluice::cql {

enum class Consistency : uint16_t {
  kAny = 0x0000,
  kOne = 0x0001,
  kTwo = 0x0002,
  kThree = 0x0003,
  kQuorum = 0x0004,
  kAll = 0x0005,
  kLocalQuorum = 0x0006,
  kEachQuorum = 0x0007,
  kSerial = 0x0008,
  kLocalSerial = 0x0009,
  kLocalOne = 0x000A,
};

inline constexpr uint16_t kMaxConsistency = 0x000A;

// "LOCAL_QUORUM"; "UNKNOWN" for a value outside the enum.
std::string_view consistency_name(Consistency c);

// Parses the names consistency_name() prints (case-insensitive); false when unknown.
bool parse_consistency(std::string_view name, Consistency* out);

}  // namespace sluice::cql
