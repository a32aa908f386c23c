#include "log/memory/memory_log.h"

#include <algorithm>
#include <chrono>

#include "log/embedded/key_hash.h"
#include "log/local/local_consumer.h"

namespace sluice {

MemoryLog::MemoryLog(int partitions, int64_t first_offset)
    : first_offset_(std::max<int64_t>(0, first_offset)),
      partitions_(static_cast<size_t>(std::max(1, partitions))),
      coordinator_(
          std::max(1, partitions),
          [this](const std::string& group) -> Result<std::map<int, int64_t>> {
            std::lock_guard lock(mu_);
            return group_offsets_[group];
          },
          [this](const std::string& group, const std::map<int, int64_t>& offsets) {
            std::lock_guard lock(mu_);
            group_offsets_[group] = offsets;
            return Status::ok_status();
          }) {}

Result<std::unique_ptr<LogWriter>> MemoryLog::open_writer() {
  return std::unique_ptr<LogWriter>(std::make_unique<BorrowedWriter>(this));
}

Result<std::unique_ptr<LogConsumer>> MemoryLog::open_consumer(const std::string& group) {
  if (group.empty()) return Status::invalid_argument("a consumer group needs a name");
  return std::unique_ptr<LogConsumer>(std::make_unique<LocalConsumer>(this, group));
}

int MemoryLog::partition_for(std::string_view key) const {
  return partition_for_key(key, partition_count());
}

Status MemoryLog::publish(const std::vector<LogRecord>& records, std::string_view cursor) {
  {
    std::lock_guard lock(mu_);  // one lock for the whole transaction: all or nothing visible
    for (const LogRecord& r : records) {
      auto& partition = partitions_[static_cast<size_t>(partition_for(r.key))];
      partition.push_back(LogEntry{first_offset_ + static_cast<int64_t>(partition.size()),
                                   r.timestamp_ms, r.key, r.value});
    }
    cursor_.assign(cursor);
  }
  commit_signal_.committed();
  return Status::ok_status();
}

Result<std::string> MemoryLog::last_cursor() {
  std::lock_guard lock(mu_);
  return cursor_;
}

Result<std::vector<LogEntry>> MemoryLog::read(int partition, int64_t offset, size_t max) {
  SLUICE_RETURN_IF_ERROR(check_partition_exists(partition, partition_count()));
  std::lock_guard lock(mu_);
  const auto& entries = partitions_[static_cast<size_t>(partition)];
  const auto from = static_cast<size_t>(std::max<int64_t>(0, offset - first_offset_));
  std::vector<LogEntry> out;
  for (size_t i = from; i < entries.size() && out.size() < max; ++i)
    out.push_back(entries[i]);
  return out;
}

int64_t MemoryLog::committed_end(int partition) const {
  std::lock_guard lock(mu_);
  return first_offset_ +
         static_cast<int64_t>(partitions_.at(static_cast<size_t>(partition)).size());
}

Result<std::map<int, int64_t>> MemoryLog::readable_ends() {
  std::lock_guard lock(mu_);
  std::map<int, int64_t> ends;
  for (size_t p = 0; p < partitions_.size(); ++p) {
    if (!partitions_[p].empty()) {
      ends[static_cast<int>(p)] = first_offset_ + static_cast<int64_t>(partitions_[p].size());
    }
  }
  return ends;
}

Result<std::map<int, int64_t>> MemoryLog::group_offsets(const std::string& group) {
  std::lock_guard lock(mu_);
  auto it = group_offsets_.find(group);
  if (it == group_offsets_.end()) return std::map<int, int64_t>{};
  return it->second;
}

Result<int64_t> MemoryLog::offset_for_time(int partition, int64_t ts_ms) {
  SLUICE_RETURN_IF_ERROR(check_partition_exists(partition, partition_count()));
  std::lock_guard lock(mu_);
  for (const LogEntry& e : partitions_[static_cast<size_t>(partition)]) {
    if (e.timestamp_ms >= ts_ms) return e.offset;
  }
  return first_offset_ + static_cast<int64_t>(partitions_[static_cast<size_t>(partition)].size());
}

}  // namespace sluice
