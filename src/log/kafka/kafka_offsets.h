// The two reads `wait_caught_up` and `sluice run`'s ingest hold need from Kafka
// (Log::readable_ends, Log::group_offsets), through clients of their own: no group is joined and
// no producer fences anyone. The clients are kept between reads, so that a look costs a few
// requests instead of three new clients with their connections (the ingest hold looks every
// 100 ms while it holds); after a failed read they are made afresh at the next.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "core/config.h"
#include "core/status.h"
#include "log/kafka/kafka_handle.h"

namespace sluice::kafka {

// A consumer client, never subscribed, for watermarks(): read_uncommitted, so that it is told
// the high watermark. A read_committed one is told the last stable offset, which stops short of
// a transaction still writing its markers (commit_transaction() returns before they are), and a
// scan up to it would miss the records, or the cursor, that transaction just committed instead
// of waiting for them.
Result<KafkaPtr> watermark_client(const LogConfig& config);

// (low, high) watermarks of partitions 0..partitions-1 of `topic`, asked through `rk`.
Result<std::map<int, std::pair<int64_t, int64_t>>> watermarks(
    rd_kafka_t* rk, const std::string& topic, int partitions,
    std::chrono::steady_clock::time_point deadline);

// Thread-safe: reads run one at a time.
class OffsetsReader {
 public:
  OffsetsReader(LogConfig config, int partitions)
      : config_(std::move(config)), partitions_(partitions) {}
  ~OffsetsReader();
  OffsetsReader(const OffsetsReader&) = delete;
  OffsetsReader& operator=(const OffsetsReader&) = delete;

  // Per partition of config.topic, the offset after its last record a read_committed consumer
  // can read (absent: none). Transaction markers take offsets, so the high watermark is one or
  // more past that; the tail of each partition is read to find the last record.
  Result<std::map<int, int64_t>> readable_ends(int timeout_ms);

  // Group `group`'s committed offsets for config.topic (absent: never committed), through an
  // OffsetFetch that does not join the group.
  Result<std::map<int, int64_t>> group_offsets(const std::string& group, int timeout_ms);

 private:
  Result<std::map<int, int64_t>> read_ends(int timeout_ms);
  Result<std::map<int, int64_t>> read_group(const std::string& group, int timeout_ms);
  // Closes and forgets every client (after a failed read).
  void drop_clients();

  const LogConfig config_;
  const int partitions_;
  std::mutex mutex_;
  KafkaPtr watermark_client_;  // read_uncommitted: high watermarks
  KafkaPtr tail_reader_;       // read_committed: the last record below them
  KafkaPtr group_reader_;      // carries group_reader_group_'s id
  std::string group_reader_group_;
};

}  // namespace sluice::kafka
