// LocalBackend: what a log living in this process (embedded, memory) offers its consumers.
// LocalConsumer implements the LogConsumer contract once on top of it, so the embedded log
// and the in-memory log share their group, position and lag logic.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "log/local/group_coordinator.h"
#include "log/log.h"

namespace sluice {

class LocalBackend {
 public:
  virtual ~LocalBackend() = default;
  virtual int partition_count() const = 0;
  // Committed entries of a partition from `offset` on (an offset below retention starts at the
  // oldest); none at the end.
  virtual Result<std::vector<LogEntry>> read(int partition, int64_t offset, size_t max) = 0;
  virtual int64_t committed_end(int partition) const = 0;
  virtual int64_t start_offset(int partition) const = 0;
  virtual Result<int64_t> offset_for_time(int partition, int64_t ts_ms) = 0;
  // A number that changes whenever a transaction becomes visible, and a wait until it differs
  // from `seen` or timeout_ms passes: consumers wake on commit instead of polling on a timer.
  virtual uint64_t commit_sequence() const = 0;
  virtual void wait_for_commit(uint64_t seen, int timeout_ms) = 0;
  virtual GroupCoordinator& coordinator() = 0;
};

// InvalidArgument naming the partition and the count, unless 0 <= partition < count.
inline Status check_partition_exists(int partition, int count) {
  if (partition >= 0 && partition < count) return Status::ok_status();
  return Status::invalid_argument("partition " + std::to_string(partition) +
                                  " does not exist (the log has " + std::to_string(count) + ")");
}

// Hands out a writer that forwards to a log object that is a LogWriter itself and outlives it.
class BorrowedWriter final : public LogWriter {
 public:
  explicit BorrowedWriter(LogWriter* target) : target_(target) {}
  int partition_count() const override { return target_->partition_count(); }
  int partition_for(std::string_view key) const override { return target_->partition_for(key); }
  Status publish(const std::vector<LogRecord>& records, std::string_view cursor) override {
    return target_->publish(records, cursor);
  }
  Result<std::string> last_cursor() override { return target_->last_cursor(); }

 private:
  LogWriter* target_;
};

}  // namespace sluice
