#include "cql/consistency.h"

#include <array>
#include <cctype>

namespace sluice::cql {
namespace {

constexpr std::array<std::string_view, kMaxConsistency + 1> kNames = {
    "ANY",          "ONE",         "TWO",    "THREE",        "QUORUM",    "ALL",
    "LOCAL_QUORUM", "EACH_QUORUM", "SERIAL", "LOCAL_SERIAL", "LOCAL_ONE",
};

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

}  // namespace

std::string_view consistency_name(Consistency c) {
  auto i = static_cast<uint16_t>(c);
  return i <= kMaxConsistency ? kNames[i] : "UNKNOWN";
}

bool parse_consistency(std::string_view name, Consistency* out) {
  for (uint16_t i = 0; i <= kMaxConsistency; ++i) {
    if (equal_ignoring_case(name, kNames[i])) {
      *out = static_cast<Consistency>(i);
      return true;
    }
  }
  return false;
}

}  // namespace sluice::cql
