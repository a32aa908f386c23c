// Segment: one append-only file of a partition, <base offset>.seg, holding whole batches
// (format.h) back to back, plus its sparse in-memory index.
//
// Ownership: held by its Partition through shared_ptr and shared with in-flight readers and
// the flusher, so a segment that retention deletes stays readable (its fd open) until the last
// reader lets go. Thread-safety: the bytes below size() never change once written, so
// read_batch() below a size() obtained earlier is safe from any thread. Everything else (append,
// truncate, scan, the accessors) is called by the single writer, or by readers under the
// owning Partition's lock (see partition.h), which serialises them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "log/embedded/batch.h"

namespace sluice {

class Segment {
 public:
  // What the verifying scan found after the last whole, checksummed batch.
  struct Damage {
    bool found = false;
    int64_t position = 0;            // byte where the damage starts (== valid bytes)
    std::string reason;              // "torn batch header", "checksum mismatch", ...
    bool valid_batch_after = false;  // a good batch follows: the damage is not a tail
    int64_t valid_batch_at = -1;
  };

  // Opens the file (creating it when `create`); an existing file needs scan() before use.
  static Result<std::shared_ptr<Segment>> open(std::string path, int64_t base_offset, bool create);
  ~Segment();
  Segment(const Segment&) = delete;
  Segment& operator=(const Segment&) = delete;

  // Reads every batch from the start, checking framing, offsets and CRCs; rebuilds size,
  // next offset, max timestamp and the index. Stops at the first damage and describes it.
  Result<Damage> scan();

  // Writes an encoded batch at size() (single writer). Invisible to readers until
  // publish_append() makes size() cover it.
  Status write(std::string_view batch_bytes);
  // Accounts a batch written by write() in size, index and timestamps.
  void publish_append(const BatchHeader& header);
  Status sync();
  // Cuts the file to `bytes` (a batch boundary), fsyncs it and rescans.
  Status truncate(int64_t bytes);
  Status remove_file();

  // Reads the batch at byte `position`: its header always, its payload when `payload` is not
  // null (then the CRC is checked). Corruption names the file and byte.
  Status read_batch(int64_t position, BatchHeader* header, std::string* payload) const;

  // A batch boundary at or before the batch holding `offset` (from the sparse index).
  int64_t position_for_offset(int64_t offset) const;
  // A batch boundary such that no batch before it has a timestamp >= ts.
  int64_t position_for_time(int64_t ts) const;

  const std::string& path() const { return path_; }
  int64_t base_offset() const { return base_offset_; }
  int64_t next_offset() const { return next_offset_; }
  int64_t size() const { return size_; }
  int64_t file_bytes() const { return file_bytes_; }  // on disk, damage included
  // Reads file_bytes() from the file again (a failed write may have grown it). Writer only.
  Status refresh_file_bytes();
  int64_t max_ts() const { return max_ts_; }  // INT64_MIN when empty

 private:
  struct IndexEntry {
    int64_t offset;         // base offset of the batch at `position`
    int64_t position;       // byte of a batch header
    int64_t max_ts_before;  // largest timestamp of the batches before `position`
  };

  Segment(std::string path, int64_t base_offset, int fd);
  void account(int64_t position, const BatchHeader& header);
  void reset_state();
  // Looks for any whole, checksummed batch starting after `from` (damage classification).
  Result<int64_t> find_valid_batch_after(int64_t from) const;

  const std::string path_;
  const int64_t base_offset_;
  const int fd_;
  int64_t size_ = 0;
  int64_t file_bytes_ = 0;
  int64_t next_offset_;
  int64_t max_ts_;
  std::vector<IndexEntry> index_;
};

}  // namespace sluice
