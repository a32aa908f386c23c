// The two reads `wait_caught_up` needs from Kafka (Log::readable_ends, Log::group_offsets), each
// with short-lived clients of its own: no group is joined and no producer fences anyone.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "core/config.h"
#include "core/status.h"

namespace sluice::kafka {

// Per partition of config.topic, the offset after its last record a read_committed consumer
// can read (absent: none). Transaction markers take offsets, so the high watermark is one or
// more past that; the tail of each partition is read to find the last record.
Result<std::map<int, int64_t>> readable_ends(const LogConfig& config, int partitions,
                                             int timeout_ms);

// Group `group`'s committed offsets for config.topic (absent: never committed), through an
// OffsetFetch that does not join the group.
Result<std::map<int, int64_t>> group_offsets(const LogConfig& config, int partitions,
                                             const std::string& group, int timeout_ms);

}  // namespace sluice::kafka
