// Committer: makes published transactions durable under the fsync policy, in order.
//
//   batch     commit() syncs the partitions' data, appends the commit record, syncs the commit
//             file, then returns.
//   interval  group commit: commit() queues the record and waits; a background flusher does
//             the same sync-append-sync at most once per interval_ms for everything queued, and
//             wakes the waiters it covered. Acknowledged still means durable.
//   never     commit() appends the commit record without any fsync (the OS decides when).
//
// Data is always synced before the commit record that covers it is written, so a durable
// commit record never points at bytes that could be lost. After any I/O error the committer
// is poisoned: every later commit() returns that error (after a failed fsync the page cache
// can no longer be trusted) until clear_failure(), which the log calls once it has cut what
// the failed transactions left (EmbeddedLog::undo_failed_publish).
//
// Thread-safety: commit() may be called from several threads; records become durable in the
// order they were queued. on_durable runs on the committing or flusher thread, in order.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/config.h"
#include "core/status.h"
#include "log/embedded/commit_file.h"
#include "log/embedded/partition.h"

namespace sluice {

class LogProbe;

class Committer {
 public:
  using OnDurable = std::function<void(const CommitRecord&)>;

  // Borrows partitions and file; they must outlive the committer. `history` is the newest
  // records already in the file (kept for compaction).
  Committer(FsyncPolicy policy, int interval_ms, std::vector<Partition*> partitions,
            CommitFile* file, std::vector<CommitRecord> history, OnDurable on_durable);
  // Flushes what is queued, then stops the flusher.
  ~Committer();
  Committer(const Committer&) = delete;
  Committer& operator=(const Committer&) = delete;

  Status commit(CommitRecord record);
  // After a failed commit, once the caller has undone it: cuts the commit file back to
  // transaction `last_durable_txn` and takes commits again. The caller makes sure no commit()
  // is running.
  Status clear_failure(uint64_t last_durable_txn);
  // Times each flush's fsyncs into `probe` from now on (null: stop). Any thread.
  void set_probe(LogProbe* probe) { probe_.store(probe, std::memory_order_release); }

 private:
  void flusher_loop();
  Status sync_partitions();  // fdatasync every dirty partition, concurrently
  // Syncs data (when sync), appends and syncs the records, compacts, calls on_durable.
  Status flush(const std::vector<CommitRecord>& records, bool sync);

  const FsyncPolicy policy_;
  const std::chrono::milliseconds interval_;
  const std::vector<Partition*> partitions_;
  CommitFile* const file_;
  const OnDurable on_durable_;
  std::atomic<LogProbe*> probe_{nullptr};

  std::mutex flush_mu_;  // one flush at a time; guards file_ and history_
  std::deque<CommitRecord> history_;

  std::mutex mu_;  // guards everything below
  std::condition_variable flusher_cv_;
  std::condition_variable durable_cv_;
  std::vector<CommitRecord> pending_;
  uint64_t queued_ = 0;   // records ever queued
  uint64_t durable_ = 0;  // records ever made durable
  Status error_;          // sticky
  bool stopping_ = false;
  std::thread flusher_;
};

}  // namespace sluice
