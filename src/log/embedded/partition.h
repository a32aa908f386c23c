// Partition: one directory of segments (p<N>/<base offset>.seg) holding a contiguous range of
// offsets, its committed end (high watermark), appends, reads, roll, retention and recovery
// truncation.
//
// Thread-safety: one writer (append, sync, apply_retention, truncate_to) and any number of
// readers (read, offset_for_time, committed_end, start_offset) on other threads. A shared_mutex
// guards the segment list and the segments' bookkeeping; I/O happens outside it, on
// shared_ptr copies of the segments. Readers never see offsets at or past committed_end().
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "log/embedded/segment.h"
#include "log/log.h"

namespace sluice {

struct PartitionOptions {
  int64_t segment_bytes = 64LL << 20;
  // fsync a segment when it is sealed and the directory when a segment is created (every
  // policy but "never"), so that a later commit record never covers unsynced bytes.
  bool sync_on_roll = true;
};

class Partition {
 public:
  // Opens (creating) the directory and scans every segment. Damage in a sealed segment, or
  // followed by a valid batch, is Corruption naming the file and byte; damage at the end of the
  // last segment is a tail, reported by tail_damage() and cut by truncate_to().
  static Result<std::unique_ptr<Partition>> open(std::string dir, int id, PartitionOptions options);

  int id() const { return id_; }
  int64_t start_offset() const;
  int64_t written_end() const;  // end of whole batches on disk, committed or not
  const std::string& tail_damage() const { return tail_damage_; }  // "" when none

  // Recovery: drops every offset >= `offset` (a batch boundary in [start, written_end]) and
  // any damaged tail, logging what was cut and `why`.
  Status truncate_to(int64_t offset, std::string_view why);

  // Writer: appends the records as one batch (rolling first if the active segment is full)
  // and returns the new written end. Not visible to readers until set_committed_end().
  Result<int64_t> append(const std::vector<const LogRecord*>& records);
  // Writer or flusher: fdatasync the active segment if anything was appended since last time.
  Status sync();
  // Writer: deletes whole sealed segments, oldest first, while the partition is larger than
  // retention_bytes (-1: no limit) or the segment's newest record is older than retention_ms.
  // Never the active segment, never a segment holding uncommitted offsets.
  Status apply_retention(int64_t retention_bytes, int64_t retention_ms, int64_t now_ms);

  void set_committed_end(int64_t end) { committed_end_.store(end, std::memory_order_release); }
  int64_t committed_end() const { return committed_end_.load(std::memory_order_acquire); }

  // Segment files and the bytes of whole batches in them, now (any thread, no I/O).
  std::pair<int64_t, int64_t> usage() const;

  Result<std::vector<LogEntry>> read(int64_t offset, size_t max_records) const;
  Result<int64_t> offset_for_time(int64_t ts_ms) const;

 private:
  struct Span {  // a byte range of one segment to read, planned under the lock
    std::shared_ptr<Segment> segment;
    int64_t from;
    int64_t to;
  };

  Partition(std::string dir, int id, PartitionOptions options);
  Status load_segments();
  Status roll();
  std::string segment_path(int64_t base_offset) const;
  // Segments from the one holding `offset` on, under the lock.
  std::vector<Span> plan_from(int64_t offset, bool by_time, int64_t ts) const;

  const std::string dir_;
  const int id_;
  const PartitionOptions options_;
  mutable std::shared_mutex mu_;
  std::deque<std::shared_ptr<Segment>> segments_;  // by base offset; back() is active
  std::atomic<int64_t> committed_end_{0};
  std::atomic<bool> dirty_{false};
  std::string tail_damage_;
};

}  // namespace sluice
