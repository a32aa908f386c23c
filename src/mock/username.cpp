#include "mock/username.h"

#include "mock/nationalities.h"
#include "mock/rng.h"

namespace sluice::mock {

std::string base_username(uint64_t seed_hash, int64_t ordinal) {
  // A stream of its own, so a record's other fields don't shift when this changes.
  Rng rng(mix(seed_hash ^ 0x757365726e616d65ULL, static_cast<uint64_t>(ordinal)));
  auto adjectives = username_adjectives();
  auto animals = username_animals();
  std::string name = adjectives[rng.below(adjectives.size())];
  name += animals[rng.below(animals.size())];
  // Trailing digits are unique per ordinal and never follow another digit, so the whole
  // username is unique even if two word pairs concatenate to the same letters.
  name += std::to_string((ordinal + 15) * 7 + static_cast<int64_t>(rng.below(7)));
  return name;
}

}  // namespace sluice::mock
