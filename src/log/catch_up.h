// How far a consumer group is from a set of target offsets (`wait_caught_up`): pure logic over
// Log::readable_ends() and Log::group_offsets(), kept apart so that tests can state it.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace sluice {

struct CatchUp {
  // Per partition still short of its target: records between the committed offset and it (a
  // partition never committed counts from 0).
  std::map<int, int64_t> behind;
  int64_t records = 0;  // the sum of `behind`
  bool done() const { return behind.empty(); }
};

// A partition is caught up once its committed offset is at or past its target; partitions
// without a target have nothing to wait for.
CatchUp catch_up(const std::map<int, int64_t>& targets, const std::map<int, int64_t>& committed);

// "partition 0: 3 of 10, partition 2: 0 of 4" (committed of target), for what is behind.
std::string describe_catch_up(const CatchUp& left, const std::map<int, int64_t>& targets);

}  // namespace sluice
