// Log: the durable, partitioned log between ingest and process (docs/architecture.md).
// Implementations: embedded/ (segment files on local disk) and, in a later issue, kafka/.
// Chosen by make_log() from config. Methods may be called from several threads unless noted.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/config.h"
#include "core/status.h"

namespace sluice {

struct LogRecord {
  std::string key;    // partitioning key (the pipeline's key field, e.g. username); may be ""
  std::string value;  // the record's JSON as received from the source
  int64_t timestamp_ms = 0;
};

struct LogEntry {
  int64_t offset = 0;
  int64_t timestamp_ms = 0;
  std::string key;
  std::string value;
};

class Log {
 public:
  virtual ~Log() = default;

  virtual int partition_count() const = 0;
  // The partition a key belongs to (a stable hash of the key, modulo partition_count()).
  virtual int partition_for(std::string_view key) const = 0;

  // Appends the records, each to partition_for(key), together with the source cursor, as one
  // transaction: after a crash either all of them and the cursor are visible, or none are.
  // Returns only once the transaction is durable under the fsync policy. Single writer: only one
  // thread may publish at a time.
  virtual Status publish(const std::vector<LogRecord>& records, std::string_view cursor) = 0;
  // The cursor stored with the last committed transaction ("" if none).
  virtual Result<std::string> last_cursor() = 0;

  // Reads committed entries of a partition from `offset` on, at most max_records of them.
  // An offset below the oldest retained entry starts at the oldest; at the end gives none.
  virtual Result<std::vector<LogEntry>> read(int partition, int64_t offset, size_t max_records) = 0;
  // The offset the next committed entry of the partition will get (the high watermark).
  virtual Result<int64_t> end_offset(int partition) = 0;
  // The first offset whose timestamp is >= ts_ms (end_offset if none), for replay --from-time.
  virtual Result<int64_t> offset_for_time(int partition, int64_t ts_ms) = 0;

  // For a reader that found nothing new: a number that changes whenever a transaction becomes
  // visible, and a wait until it differs from `seen` or `timeout_ms` passes. Waking on commit
  // instead of polling on a timer takes the poll interval out of the end-to-end latency.
  // The default (a log that cannot tell) just sleeps.
  virtual uint64_t commit_sequence() const { return 0; }
  virtual void wait_for_commit(uint64_t /*seen*/, int timeout_ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
  }

  // Consumer group offsets: the next offset to process per partition. Stored atomically.
  virtual Status commit_offsets(std::string_view group, const std::map<int, int64_t>& offsets) = 0;
  virtual Result<std::map<int, int64_t>> fetch_offsets(std::string_view group) = 0;
};

// Opens the log the config names (creating it if missing). Embedded mode takes a lock file:
// a second process opening the same directory gets an error naming the holder's pid.
Result<std::unique_ptr<Log>> make_log(const LogConfig& config);

}  // namespace sluice
