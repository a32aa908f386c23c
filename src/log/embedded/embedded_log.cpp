#include "log/embedded/embedded_log.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <limits>

#include "core/fault.h"
#include "log/embedded/file_util.h"
#include "log/embedded/format.h"
#include "log/embedded/key_hash.h"
#include "log/local/local_consumer.h"
#include "log/probe.h"

namespace sluice {

namespace f = log_format;

namespace {

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Status validate(const LogConfig& c) {
  if (c.dir.empty()) return Status::invalid_argument("log.dir is empty");
  if (c.partitions < 1 || c.partitions > 4096) {
    return Status::invalid_argument("log.partitions must be 1..4096, got " +
                                    std::to_string(c.partitions));
  }
  if (c.segment_bytes < 4096) return Status::invalid_argument("log.segment_bytes must be >= 4096");
  if (c.fsync.policy == FsyncPolicy::kInterval && c.fsync.interval_ms < 1) {
    return Status::invalid_argument("log.fsync.interval_ms must be >= 1");
  }
  return Status::ok_status();
}

}  // namespace

Result<std::unique_ptr<EmbeddedLog>> EmbeddedLog::open(const LogConfig& config) {
  SLUICE_RETURN_IF_ERROR(validate(config));
  std::unique_ptr<EmbeddedLog> log(new EmbeddedLog(config));
  log->policy_ = config.fsync.policy;
  SLUICE_RETURN_IF_ERROR(log->open_files().with_context("opening log " + config.dir));
  return log;
}

EmbeddedLog::~EmbeddedLog() {
  committer_.reset();
}

Status EmbeddedLog::check_meta(bool* fresh) {
  const std::string path = config_.dir + "/" + std::string(f::kMetaFileName);
  auto meta = file_util::read_file(path);
  *fresh = !meta.ok() && meta.status().code() == StatusCode::kNotFound;
  if (*fresh) return Status::ok_status();
  if (!meta.ok()) return meta.status();
  std::string expected =
      std::string(f::kMetaFirstLine) + "\npartitions " + std::to_string(config_.partitions) + "\n";
  if (*meta != expected) {
    return Status::invalid_argument(path + " says '" + *meta + "' but the config asks for " +
                                    std::to_string(config_.partitions) +
                                    " partitions; the partition count of a log cannot change");
  }
  return Status::ok_status();
}

Status EmbeddedLog::open_files() {
  std::error_code ec;
  std::filesystem::create_directories(config_.dir, ec);
  if (ec) return Status::io_error("create " + config_.dir + ": " + ec.message());
  SLUICE_ASSIGN_OR_RETURN(lock_, DirLock::acquire(config_.dir));
  bool fresh = false;
  SLUICE_RETURN_IF_ERROR(check_meta(&fresh));
  PartitionOptions options{config_.segment_bytes, policy_ != FsyncPolicy::kNever};
  for (int i = 0; i < config_.partitions; ++i) {
    std::string dir = config_.dir + "/" + std::string(f::kPartitionDirPrefix) + std::to_string(i);
    SLUICE_ASSIGN_OR_RETURN(auto p, Partition::open(dir, i, options));
    partitions_.push_back(std::move(p));
  }
  std::vector<CommitFile::Entry> entries;
  SLUICE_ASSIGN_OR_RETURN(
      commit_file_,
      CommitFile::open(config_.dir + "/" + std::string(f::kCommitFileName), fresh, &entries));
  if (fresh) {
    // Written last: a crash while creating the log leaves no META, and the next open simply
    // creates it again.
    SLUICE_RETURN_IF_ERROR(
        file_util::write_file_atomically(config_.dir + "/" + std::string(f::kMetaFileName),
                                         std::string(f::kMetaFirstLine) + "\npartitions " +
                                             std::to_string(config_.partitions) + "\n"));
  }
  SLUICE_RETURN_IF_ERROR(recover(entries));
  SLUICE_ASSIGN_OR_RETURN(offsets_,
                          OffsetsStore::open(config_.dir + "/" + std::string(f::kOffsetsDirName)));
  SLUICE_RETURN_IF_ERROR(file_util::fsync_dir(config_.dir));  // offsets/ may be new
  coordinator_ = std::make_unique<GroupCoordinator>(
      config_.partitions, [this](const std::string& group) { return offsets_->fetch(group); },
      [this](const std::string& group, const std::map<int, int64_t>& offsets) {
        return offsets_->commit(group, offsets);
      });
  for (auto& p : partitions_) {
    SLUICE_RETURN_IF_ERROR(
        p->apply_retention(config_.retention_bytes, config_.retention_ms, now_ms()));
  }
  std::vector<CommitRecord> history;
  size_t keep = std::min(entries.size(), f::kCommitRecordsKeptOnCompact);
  for (size_t i = entries.size() - keep; i < entries.size(); ++i) {
    if (entries[i].record.txn_id <= recovered_.txn_id) history.push_back(entries[i].record);
  }
  std::vector<Partition*> raw;
  for (auto& p : partitions_)
    raw.push_back(p.get());
  committer_ = std::make_unique<Committer>(policy_, config_.fsync.interval_ms, std::move(raw),
                                           commit_file_.get(), std::move(history),
                                           [this](const CommitRecord& r) { on_durable(r); });
  spdlog::info("log {} open: {} partitions, fsync {}, last transaction {}", config_.dir,
               config_.partitions, fsync_policy_name(config_.fsync.policy), recovered_.txn_id);
  return Status::ok_status();
}

Status EmbeddedLog::recover(const std::vector<CommitFile::Entry>& entries) {
  const size_t n = partitions_.size();
  auto covered = [&](const CommitRecord& r) {
    if (r.end_offsets.size() != n) return false;
    for (size_t p = 0; p < n; ++p) {
      if (r.end_offsets[p] < partitions_[p]->start_offset() ||
          r.end_offsets[p] > partitions_[p]->written_end()) {
        return false;
      }
    }
    return true;
  };
  CommitRecord chosen;
  chosen.end_offsets.assign(n, 0);
  size_t chosen_index = entries.size();  // entries.size() = none: the empty log
  for (size_t i = entries.size(); i-- > 0;) {
    if (covered(entries[i].record)) {
      chosen = entries[i].record;
      chosen_index = i;
      break;
    }
  }
  // Falling back to the empty log is only right when the file still holds every transaction
  // since the first; after compaction, an unmatched file means lost data, not a young log.
  const bool full_history = entries.empty() || entries.front().record.txn_id == 1;
  if (chosen_index == entries.size() && !(full_history && covered(chosen))) {
    std::string detail;
    for (size_t p = 0; p < n; ++p) {
      detail += " p" + std::to_string(p) + "=" + std::to_string(partitions_[p]->start_offset()) +
                ".." + std::to_string(partitions_[p]->written_end());
    }
    return Status::corruption(commit_file_->path() +
                              ": no commit record matches the data in "
                              "the partitions (they hold" +
                              detail + ")");
  }
  if (chosen_index + 1 < entries.size() || (chosen_index == entries.size() && !entries.empty())) {
    const auto& last = entries.back().record;
    spdlog::warn(
        "log recovery: {}: transactions {}..{} are not wholly on disk (a damaged tail, or "
        "data never synced under fsync policy never); falling back to transaction {} and its "
        "cursor '{}'",
        commit_file_->path(), chosen.txn_id + 1, last.txn_id, chosen.txn_id, chosen.cursor);
    int64_t keep_bytes = chosen_index == entries.size() ? 0 : entries[chosen_index].end_position;
    SLUICE_RETURN_IF_ERROR(commit_file_->truncate(keep_bytes));
  }
  for (size_t p = 0; p < n; ++p) {
    SLUICE_RETURN_IF_ERROR(partitions_[p]->truncate_to(
        chosen.end_offsets[p], "were never committed (transaction " +
                                   std::to_string(chosen.txn_id) + " is the last committed)"));
    partitions_[p]->set_committed_end(chosen.end_offsets[p]);
  }
  last_cursor_ = chosen.cursor;
  next_txn_ = chosen.txn_id + 1;
  durable_txn_ = chosen.txn_id;
  recovered_ = std::move(chosen);
  return Status::ok_status();
}

void EmbeddedLog::on_durable(const CommitRecord& record) {
  for (size_t p = 0; p < partitions_.size(); ++p) {
    partitions_[p]->set_committed_end(record.end_offsets[p]);
  }
  {
    std::lock_guard lock(cursor_mu_);
    last_cursor_ = record.cursor;
  }
  durable_txn_ = record.txn_id;
  commit_signal_.committed();
}

void EmbeddedLog::set_probe(LogProbe* probe) {
  probe_.store(probe, std::memory_order_release);
  committer_->set_probe(probe);
}

std::vector<PartitionUsage> EmbeddedLog::partition_usage() const {
  std::vector<PartitionUsage> out;
  out.reserve(partitions_.size());
  for (const auto& p : partitions_) {
    const auto [segments, bytes] = p->usage();
    out.push_back({p->id(), segments, bytes, p->committed_end()});
  }
  return out;
}

int EmbeddedLog::partition_count() const {
  return static_cast<int>(partitions_.size());
}

int EmbeddedLog::partition_for(std::string_view key) const {
  return partition_for_key(key, partition_count());
}

Status EmbeddedLog::publish(const std::vector<LogRecord>& records, std::string_view cursor) {
  std::lock_guard lock(publish_mu_);
  if (!failed_.ok()) {
    if (Status undone = undo_failed_publish(); !undone.ok()) {
      return failed_.with_context("undoing it failed (" + undone.to_string() + ") after");
    }
    spdlog::info("log {}: undid the failed publish ({}); publishing again", config_.dir,
                 failed_.to_string());
    failed_ = Status::ok_status();
  }
  if (cursor.size() > f::kMaxCursorLength) {
    return Status::invalid_argument("cursor is " + std::to_string(cursor.size()) +
                                    " bytes, above the limit");
  }
  std::vector<std::vector<const LogRecord*>> by_partition(partitions_.size());
  for (const LogRecord& r : records) {
    if (r.key.size() > f::kMaxBatchLength || r.value.size() > f::kMaxBatchLength) {
      return Status::invalid_argument("a record is larger than a batch may be");
    }
    by_partition[partition_for(r.key)].push_back(&r);
  }
  for (size_t p = 0; p < partitions_.size(); ++p) {
    int64_t bytes = encoded_batch_size(by_partition[p]) - int64_t{f::kBatchHeaderSize};
    if (bytes > f::kMaxBatchLength) {
      return Status::invalid_argument("the records for partition " + std::to_string(p) +
                                      " make a batch of " + std::to_string(bytes) +
                                      " bytes, above the limit; publish fewer at a time");
    }
  }
  CommitRecord commit;
  commit.cursor.assign(cursor);
  for (size_t p = 0; p < partitions_.size(); ++p) {
    if (!by_partition[p].empty()) {
      auto end = partitions_[p]->append(by_partition[p]);
      if (!end.ok()) {
        // Batches of this transaction may be on disk already: refuse further publishes so they
        // are never covered by a later commit. Reopening cuts them.
        failed_ = end.status();
        return end.status();
      }
    }
    commit.end_offsets.push_back(partitions_[p]->written_end());
  }
  fault_point("log.after_append_before_commit");
  commit.txn_id = next_txn_++;
  commit.timestamp_ms = now_ms();
  Status s = committer_->commit(std::move(commit));
  if (!s.ok()) {
    failed_ = s;
    return s;
  }
  if (LogProbe* probe = probe_.load(std::memory_order_acquire)) probe->appended(records);
  for (auto& p : partitions_) {
    Status r = p->apply_retention(config_.retention_bytes, config_.retention_ms, now_ms());
    if (!r.ok()) spdlog::warn("log retention: {}", r.to_string());  // retried next publish
  }
  return Status::ok_status();
}

Status EmbeddedLog::undo_failed_publish() {
  // The commit file first: a crash in between then finds no record covering cut batches.
  const uint64_t durable = durable_txn_.load();
  SLUICE_RETURN_IF_ERROR(committer_->clear_failure(durable));
  for (auto& p : partitions_) {
    SLUICE_RETURN_IF_ERROR(p->truncate_to(p->committed_end(), "were written by a failed publish"));
  }
  return Status::ok_status();
}

Result<std::string> EmbeddedLog::last_cursor() {
  std::lock_guard lock(cursor_mu_);
  return last_cursor_;
}

Result<std::vector<LogEntry>> EmbeddedLog::read(int partition, int64_t offset, size_t max_records) {
  SLUICE_RETURN_IF_ERROR(check_partition_exists(partition, partition_count()));
  return partitions_[partition]->read(offset, max_records);
}

Result<int64_t> EmbeddedLog::end_offset(int partition) {
  SLUICE_RETURN_IF_ERROR(check_partition_exists(partition, partition_count()));
  return partitions_[partition]->committed_end();
}

Result<std::map<int, int64_t>> EmbeddedLog::readable_ends() {
  std::map<int, int64_t> ends;
  for (int p = 0; p < partition_count(); ++p) {
    const int64_t end = committed_end(p);
    if (end > start_offset(p)) ends[p] = end;
  }
  return ends;
}

int64_t EmbeddedLog::start_offset(int partition) const {
  return partitions_.at(static_cast<size_t>(partition))->start_offset();
}

int64_t EmbeddedLog::committed_end(int partition) const {
  return partitions_.at(static_cast<size_t>(partition))->committed_end();
}

Result<std::unique_ptr<LogWriter>> EmbeddedLog::open_writer() {
  return std::unique_ptr<LogWriter>(std::make_unique<BorrowedWriter>(this));
}

Result<std::unique_ptr<LogConsumer>> EmbeddedLog::open_consumer(const std::string& group) {
  if (group.empty()) return Status::invalid_argument("a consumer group needs a name");
  return std::unique_ptr<LogConsumer>(std::make_unique<LocalConsumer>(this, group));
}

Result<int64_t> EmbeddedLog::offset_for_time(int partition, int64_t ts_ms) {
  SLUICE_RETURN_IF_ERROR(check_partition_exists(partition, partition_count()));
  return partitions_[partition]->offset_for_time(ts_ms);
}

Status EmbeddedLog::commit_offsets(std::string_view group, const std::map<int, int64_t>& offsets) {
  for (const auto& [partition, offset] : offsets) {
    SLUICE_RETURN_IF_ERROR(check_partition_exists(partition, partition_count()));
    if (offset < 0)
      return Status::invalid_argument("negative offset for partition " + std::to_string(partition));
  }
  return offsets_->commit(group, offsets);
}

Result<std::map<int, int64_t>> EmbeddedLog::fetch_offsets(std::string_view group) {
  return offsets_->fetch(group);
}

}  // namespace sluice
