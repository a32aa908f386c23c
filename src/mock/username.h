// The username the mock gives record number `ordinal` of a seed, before any fault: an
// adjective, an animal and digits, like the real API's. The digits encode the ordinal
// (ordinal * 7 + 0..6, then an offset), so two ordinals never share a username.
#pragma once

#include <cstdint>
#include <string>

namespace sluice::mock {

std::string base_username(uint64_t seed_hash, int64_t ordinal);

}  // namespace sluice::mock
