// Named fault points on the log's durable steps, for crash tests. When the environment variable
// SLUICE_FAULT is "<name>:crash", reaching fault_point("<name>") calls abort(), which leaves the
// files exactly as a killed process would. The variable is read at every call (a getenv per
// durable step is noise next to the write itself) so a forked test child can set it late.
// Points: log.after_append_before_commit, log.after_data_sync, log.after_commit_write,
// log.after_commit, log.offsets.after_temp_write (see docs/log_format.md).
#pragma once

#include <string_view>

namespace sluice {

void fault_point(std::string_view name);

}  // namespace sluice
