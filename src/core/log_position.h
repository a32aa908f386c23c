// LogPosition: where a record sits in the log (partition, offset). Stored rows carry it, so a
// replay can recognise its own rows (docs/architecture.md, "uniqueness"); quality/ and sink/
// both speak it, so it lives here rather than in either.
#pragma once

#include <cstdint>

namespace sluice {

struct LogPosition {
  int32_t partition = -1;
  int64_t offset = -1;
  bool operator==(const LogPosition&) const = default;
};

}  // namespace sluice
