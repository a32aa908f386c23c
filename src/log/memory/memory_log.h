// MemoryLog: a complete log held in this process's memory, nothing on disk. It keeps the
// embedded log's contract (atomic publish with cursor, read-committed consumers, consumer
// groups with hand-over, per-partition offsets) so that `sluice test` can drive the real
// processor over it, and the contract suites hold it to the same rules as the durable logs.
// Durability is the one promise it does not keep: everything is gone with the object.
// Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "log/local/commit_signal.h"
#include "log/local/group_coordinator.h"
#include "log/local/local_backend.h"
#include "log/log.h"

namespace sluice {

class MemoryLog final : public Log, public LogWriter, public LocalBackend {
 public:
  // Every partition starts at `first_offset` (as a log whose older entries retention removed):
  // `sluice test` places a replayed case at the offset it names.
  explicit MemoryLog(int partitions, int64_t first_offset = 0);

  // Log
  int partition_count() const override { return static_cast<int>(partitions_.size()); }
  Result<std::unique_ptr<LogWriter>> open_writer() override;
  Result<std::unique_ptr<LogConsumer>> open_consumer(const std::string& group) override;
  // The same as last_cursor(): this log's writer is the log itself.
  Result<std::string> read_cursor() override { return last_cursor(); }
  Result<std::map<int, int64_t>> readable_ends() override;
  Result<std::map<int, int64_t>> group_offsets(const std::string& group) override;

  // LogWriter
  int partition_for(std::string_view key) const override;
  Status publish(const std::vector<LogRecord>& records, std::string_view cursor) override;
  Result<std::string> last_cursor() override;

  // LocalBackend
  Result<std::vector<LogEntry>> read(int partition, int64_t offset, size_t max) override;
  int64_t committed_end(int partition) const override;
  int64_t start_offset(int /*partition*/) const override { return first_offset_; }
  Result<int64_t> offset_for_time(int partition, int64_t ts_ms) override;
  uint64_t commit_sequence() const override { return commit_signal_.sequence(); }
  void wait_for_commit(uint64_t seen, int timeout_ms) override {
    commit_signal_.wait(seen, timeout_ms);
  }
  GroupCoordinator& coordinator() override { return coordinator_; }

 private:
  const int64_t first_offset_;
  mutable std::mutex mu_;  // guards everything below
  std::vector<std::vector<LogEntry>> partitions_;
  std::string cursor_;
  std::map<std::string, std::map<int, int64_t>> group_offsets_;
  GroupCoordinator coordinator_;
  CommitSignal commit_signal_;
};

}  // namespace sluice
