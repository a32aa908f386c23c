// Breaks generated records on purpose, the way real feeds go wrong (design.md section 4):
// malformed emails, dates in other formats, "Male", usernames of 2 or 31 characters, missing
// or null fields, numbers where strings belong, and usernames reused from earlier records.
// Each fault touches one field and knows which rule ids it breaks. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mock/rng.h"

namespace sluice::mock {

struct FaultOutcome {
  std::vector<std::string> broken;        // rule ids, possibly repeated; the caller orders them
  std::optional<int64_t> reused_ordinal;  // the earlier record whose username was reused
};

// Applies 1 to 3 faults on distinct fields to `record` (a person as generate_page builds it).
// `ordinal` is the record's number within its seed; reuse only picks earlier ordinals, and
// none when ordinal is 0.
FaultOutcome break_record(nlohmann::ordered_json* record, uint64_t seed_hash, int64_t ordinal,
                          Rng* rng);

}  // namespace sluice::mock
