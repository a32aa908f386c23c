// The commit file: one commit record per published transaction (format.h, "Commit record").
// A transaction is visible once its record is in this file (durable under the fsync policy);
// its batches were written, and synced, before the record. See docs/log_format.md.
//
// Ownership and thread-safety: owned by the EmbeddedLog; used by one thread at a time (the
// committer, under its flush mutex; recovery before that).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"

namespace sluice {

struct CommitRecord {
  uint64_t txn_id = 0;
  int64_t timestamp_ms = 0;
  std::vector<int64_t> end_offsets;  // per partition: the committed end after this transaction
  std::string cursor;                // the source cursor published with it
};

void encode_commit(const CommitRecord& record, std::string* out);

class CommitFile {
 public:
  struct Entry {
    CommitRecord record;
    int64_t end_position = 0;  // byte just after the record
  };

  // Opens (creating when `create`) and reads every record. A damaged tail (a torn or
  // mismatching last record) is cut and logged; damage followed by a valid record is
  // Corruption naming the byte. *entries gets the valid records in order.
  static Result<std::unique_ptr<CommitFile>> open(std::string path, bool create,
                                                  std::vector<Entry>* entries);
  ~CommitFile();
  CommitFile(const CommitFile&) = delete;
  CommitFile& operator=(const CommitFile&) = delete;

  Status append(std::string_view encoded_records);  // not synced
  Status sync();
  // Recovery: forgets every record after byte `size` (fsynced).
  Status truncate(int64_t size);
  // After a failed append, sync or rewrite: opens the file at its path again and cuts every
  // record after transaction `txn` (0: every record), fsynced, so that the file ends with the
  // last transaction acknowledged. Corruption if that transaction is not in the file.
  Status cut_after(uint64_t txn);
  // Replaces the file by one holding only `keep` (write temp, fsync, rename, fsync dir).
  Status rewrite(const std::vector<CommitRecord>& keep);
  int64_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  CommitFile(std::string path, int fd, int64_t size);

  const std::string path_;
  int fd_;
  int64_t size_;
};

}  // namespace sluice
