#include "log/embedded/committer.h"

#include <algorithm>
#include <chrono>

#include "core/fault.h"
#include "core/log_context.h"
#include "log/embedded/format.h"
#include "log/probe.h"

namespace sluice {

Committer::Committer(FsyncPolicy policy, int interval_ms, std::vector<Partition*> partitions,
                     CommitFile* file, std::vector<CommitRecord> history, OnDurable on_durable)
    : policy_(policy),
      interval_(interval_ms),
      partitions_(std::move(partitions)),
      file_(file),
      on_durable_(std::move(on_durable)),
      history_(history.begin(), history.end()) {
  if (policy_ == FsyncPolicy::kInterval) {
    flusher_ = std::thread([this, context = current_log_context()] {
      const ScopedLogContext inherited(context);
      flusher_loop();
    });
  }
}

Committer::~Committer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  flusher_cv_.notify_all();
  if (flusher_.joinable()) flusher_.join();
}

Status Committer::commit(CommitRecord record) {
  if (policy_ != FsyncPolicy::kInterval) {
    {
      std::lock_guard lock(mu_);
      if (!error_.ok()) return error_;
    }
    std::lock_guard flush_lock(flush_mu_);
    Status s = flush({std::move(record)}, policy_ == FsyncPolicy::kBatch);
    if (!s.ok()) {
      std::lock_guard lock(mu_);
      error_ = s;
    }
    return s;
  }
  std::unique_lock lock(mu_);
  if (!error_.ok()) return error_;
  pending_.push_back(std::move(record));
  const uint64_t mine = ++queued_;
  flusher_cv_.notify_one();
  durable_cv_.wait(lock, [&] { return durable_ >= mine || !error_.ok(); });
  return durable_ >= mine ? Status::ok_status() : error_;
}

Status Committer::clear_failure(uint64_t last_durable_txn) {
  std::lock_guard flush_lock(flush_mu_);
  SLUICE_RETURN_IF_ERROR(file_->cut_after(last_durable_txn));
  while (!history_.empty() && history_.back().txn_id > last_durable_txn)
    history_.pop_back();
  std::lock_guard lock(mu_);
  error_ = Status::ok_status();
  durable_ = queued_;  // the failed records' publishers were answered with the error
  return Status::ok_status();
}

void Committer::flusher_loop() {
  auto last_flush = std::chrono::steady_clock::now() - interval_;
  std::unique_lock lock(mu_);
  while (true) {
    flusher_cv_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
    if (pending_.empty()) return;  // stopping with nothing left
    // Flushes start at most once per interval (measured start to start, so a slow fsync does
    // not stretch the period); what arrives meanwhile shares the next fsync.
    flusher_cv_.wait_until(lock, last_flush + interval_, [&] { return stopping_; });
    std::vector<CommitRecord> batch;
    batch.swap(pending_);
    lock.unlock();
    last_flush = std::chrono::steady_clock::now();
    Status s;
    {
      std::lock_guard flush_lock(flush_mu_);
      s = flush(batch, true);
    }
    lock.lock();
    if (s.ok()) {
      durable_ += batch.size();
    } else {
      error_ = s;
    }
    durable_cv_.notify_all();
  }
}

Status Committer::sync_partitions() {
  // Each fdatasync mostly waits on the device; issuing them together lets the disk work on all
  // partitions' writes at once instead of paying one round trip per partition.
  // At most kSyncThreads at a time, each taking every kSyncThreads-th partition.
  constexpr size_t kSyncThreads = 8;
  const size_t n = partitions_.size();
  const size_t lanes = std::min(n, kSyncThreads);
  std::vector<Status> results(n);
  auto lane = [&](size_t first) {
    for (size_t i = first; i < n; i += lanes)
      results[i] = partitions_[i]->sync();
  };
  std::vector<std::thread> helpers;
  for (size_t first = 1; first < lanes; ++first)
    helpers.emplace_back(lane, first);
  lane(0);
  for (auto& t : helpers)
    t.join();
  for (Status& s : results)
    SLUICE_RETURN_IF_ERROR(s);
  return Status::ok_status();
}

Status Committer::flush(const std::vector<CommitRecord>& records, bool sync) {
  using Clock = std::chrono::steady_clock;
  Clock::duration synced{0};  // time in fsync only, not in the commit file's write
  if (sync) {
    const auto start = Clock::now();
    SLUICE_RETURN_IF_ERROR(fault_status("log.fsync"));
    SLUICE_RETURN_IF_ERROR(sync_partitions());
    synced += Clock::now() - start;
    fault_point("log.after_data_sync");
  }
  std::string bytes;
  for (const CommitRecord& r : records)
    encode_commit(r, &bytes);
  SLUICE_RETURN_IF_ERROR(file_->append(bytes));
  fault_point("log.after_commit_write");
  if (sync) {
    const auto start = Clock::now();
    SLUICE_RETURN_IF_ERROR(file_->sync());
    synced += Clock::now() - start;
    if (LogProbe* probe = probe_.load(std::memory_order_acquire)) {
      probe->fsynced(std::chrono::duration<double>(synced).count());
    }
  }
  for (const CommitRecord& r : records) {
    history_.push_back(r);
    if (history_.size() > log_format::kCommitRecordsKeptOnCompact) history_.pop_front();
  }
  if (file_->size() > log_format::kCommitFileCompactBytes) {
    SLUICE_RETURN_IF_ERROR(file_->rewrite({history_.begin(), history_.end()}));
  }
  on_durable_(records.back());
  fault_point("log.after_commit");
  return Status::ok_status();
}

}  // namespace sluice
