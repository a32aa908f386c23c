// EmbeddedLog: the Log on local disk (docs/log_format.md has the formats and recovery rules).
//
// Layout of config.dir: LOCK (flock, holder pid), META (format version, partition count),
// commits (one commit record per transaction), p<N>/<base offset>.seg (segments),
// offsets/<group>.off (consumer offsets).
//
// A publish appends one batch per partition it touches, then hands a commit record (the
// cursor and every partition's end offset) to the Committer; readers see a transaction's
// records only once its commit record is durable (committed_end per partition). On open,
// recovery cuts torn tails and every partition back to the newest commit record their data
// fully covers, so a transaction is visible entirely or not at all.
//
// It is the Log (handing out writers and consumers), its own LogWriter, and the LocalBackend
// its consumers (LocalConsumer) read through; the methods below are also used directly by its
// tests and benchmarks.
//
// Thread-safety: publish() calls are serialised by a mutex (one writer at a time); readers,
// offsets and end_offset may run concurrently from any thread. Owns the directory lock for its
// lifetime; writers and consumers it hands out must not outlive it.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "log/embedded/commit_file.h"
#include "log/embedded/committer.h"
#include "log/embedded/dir_lock.h"
#include "log/embedded/offsets_store.h"
#include "log/embedded/partition.h"
#include "log/local/commit_signal.h"
#include "log/local/group_coordinator.h"
#include "log/local/local_backend.h"
#include "log/log.h"

namespace sluice {

class EmbeddedLog final : public Log, public LogWriter, public LocalBackend {
 public:
  // Creates the directory and log if missing, otherwise recovers it (may cut torn or
  // uncommitted tails, logged as warnings). Errors: InvalidArgument for a bad config or a
  // partition count that differs from the existing log; Unavailable when another process
  // holds the directory; Corruption for damage that is not a tail.
  static Result<std::unique_ptr<EmbeddedLog>> open(const LogConfig& config);
  ~EmbeddedLog() override;

  // Log
  int partition_count() const override;
  Result<std::unique_ptr<LogWriter>> open_writer() override;
  Result<std::unique_ptr<LogConsumer>> open_consumer(const std::string& group) override;
  // The same as last_cursor(): this log's writer is the log itself.
  Result<std::string> read_cursor() override { return last_cursor(); }
  Result<std::map<int, int64_t>> readable_ends() override;
  Result<std::map<int, int64_t>> group_offsets(const std::string& group) override {
    return fetch_offsets(group);
  }
  void set_probe(LogProbe* probe) override;
  std::vector<PartitionUsage> partition_usage() const override;

  // LogWriter
  int partition_for(std::string_view key) const override;
  Status publish(const std::vector<LogRecord>& records, std::string_view cursor) override;
  Result<std::string> last_cursor() override;

  // LocalBackend
  Result<std::vector<LogEntry>> read(int partition, int64_t offset, size_t max_records) override;
  int64_t committed_end(int partition) const override;
  int64_t start_offset(int partition) const override;
  Result<int64_t> offset_for_time(int partition, int64_t ts_ms) override;
  uint64_t commit_sequence() const override { return commit_signal_.sequence(); }
  void wait_for_commit(uint64_t seen, int timeout_ms) override {
    commit_signal_.wait(seen, timeout_ms);
  }
  GroupCoordinator& coordinator() override { return *coordinator_; }

  // The offset the next committed entry of the partition will get (the high watermark).
  Result<int64_t> end_offset(int partition);
  // A group's stored offsets, bypassing the coordinator (for tests and tools; a member commits
  // through its consumer).
  Status commit_offsets(std::string_view group, const std::map<int, int64_t>& offsets);
  Result<std::map<int, int64_t>> fetch_offsets(std::string_view group);

 private:
  explicit EmbeddedLog(LogConfig config) : config_(std::move(config)) {}
  Status open_files();
  Status check_meta(bool* fresh);
  // Picks the newest commit record every partition's data covers, cuts the rest.
  Status recover(const std::vector<CommitFile::Entry>& entries);
  void on_durable(const CommitRecord& record);
  // After a failed publish: cuts what it left (commit records, then batches past each
  // partition's committed end) so that publishing goes on once the fault is gone, without a
  // reopen. Under publish_mu_.
  Status undo_failed_publish();

  const LogConfig config_;
  FsyncPolicy policy_ = FsyncPolicy::kInterval;
  std::unique_ptr<DirLock> lock_;
  std::vector<std::unique_ptr<Partition>> partitions_;
  std::unique_ptr<CommitFile> commit_file_;
  std::unique_ptr<OffsetsStore> offsets_;
  std::unique_ptr<GroupCoordinator> coordinator_;
  std::unique_ptr<Committer> committer_;  // declared last: stopped first
  std::atomic<LogProbe*> probe_{nullptr};

  std::mutex publish_mu_;  // one publish at a time; guards next_txn_ and failed_
  uint64_t next_txn_ = 1;
  Status failed_;  // a failed publish not yet undone (the next publish tries to)
  std::atomic<uint64_t> durable_txn_{0};  // the last transaction acknowledged

  mutable std::mutex cursor_mu_;  // guards last_cursor_
  CommitSignal commit_signal_;    // a transaction became visible
  std::string last_cursor_;
  CommitRecord recovered_;  // the commit recovery settled on (used while opening)
};

}  // namespace sluice
