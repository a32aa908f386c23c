// The cursor topic (`<topic>.cursors`): one partition, compacted, one record per published
// batch with key = the pipeline and value = the source cursor, written in the batch's
// transaction. The newest committed record of a key is that pipeline's cursor.
#pragma once

#include <optional>
#include <string>

#include "core/config.h"
#include "core/status.h"

namespace sluice::kafka {

std::string cursor_topic_name(const LogConfig& config);
// The key of the pipeline's cursor records: its name (the topic's when it has none).
std::string cursor_key(const LogConfig& config);

// The value of the newest record under `key` in the cursor topic that a read_committed reader
// sees, nullopt when there is none. Reads backwards from the end in growing windows, so a topic
// that compaction has not yet thinned costs little. Opens a client of its own for the read.
// Transactions still open on the topic hide what follows them: the call waits (up to
// timeout_ms) for them to end, then fails with kUnavailable.
Result<std::optional<std::string>> read_cursor(const LogConfig& config, const std::string& key,
                                               int timeout_ms);

}  // namespace sluice::kafka
