// One replay of the log into the sink (`sluice replay` and the workflow task kind `replay`):
// moves the processing group's offsets back and processes until caught up, reconciling earlier
// verdicts (a record now valid leaves quarantine and vice versa).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "cli/pipeline_parts.h"
#include "core/status.h"
#include "log/log.h"

namespace sluice::cli {

// Where a replay starts: exactly one of from_offset and from_ms.
struct ReplayFrom {
  std::optional<int64_t> from_offset;
  std::optional<int64_t> from_ms;
  std::optional<int> partition;  // none: every partition
};

// Unix milliseconds or ISO-8601 UTC ("2026-11-25T13:00:00Z", optional .mmm); nullopt otherwise.
std::optional<int64_t> parse_time_ms(const std::string& text);

// Replays through `consumer` (a new member of the processing group, not yet subscribed) into
// parts.sink until caught up or `stop`. `say` gets a line per partition replayed.
// kInvalidArgument for a partition the log does not have.
Status replay_log(PipelineParts& parts, LogConsumer& consumer, const ReplayFrom& from,
                  const std::atomic<bool>& stop,
                  const std::function<void(const std::string&)>& say);

}  // namespace sluice::cli
