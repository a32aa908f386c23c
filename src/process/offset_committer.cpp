#include "process/offset_committer.h"

#include <spdlog/spdlog.h>

#include "core/clock.h"

namespace sluice {

uint64_t OffsetCommitter::begin_group(const std::map<int, int64_t>& ends) {
  std::lock_guard lock(mu_);
  const uint64_t id = next_id_++;
  in_order_.push_back(Group{id, ends, false});
  return id;
}

void OffsetCommitter::complete(uint64_t group, const Status& status) {
  const int64_t at = now_ms();
  std::lock_guard lock(mu_);
  if (!status.ok()) {
    if (failure_.ok()) failure_ = status;
    return;  // never committable: the processor stops, and a restart replays the group
  }
  for (Group& g : in_order_) {
    if (g.id == group) g.done = true;
  }
  while (!in_order_.empty() && in_order_.front().done) {
    for (const auto& [partition, end] : in_order_.front().ends)
      committable_[partition] = end;
    in_order_.pop_front();
  }
  completed_.push_back(Completion{group, at});
}

std::vector<OffsetCommitter::Completion> OffsetCommitter::take_completed() {
  std::lock_guard lock(mu_);
  std::vector<Completion> out;
  out.swap(completed_);
  return out;
}

Status OffsetCommitter::failure() const {
  std::lock_guard lock(mu_);
  return failure_;
}

std::string OffsetCommitter::unreachable() const {
  std::lock_guard lock(mu_);
  return trouble_;
}

size_t OffsetCommitter::in_flight() const {
  std::lock_guard lock(mu_);
  return in_order_.size();
}

bool OffsetCommitter::has_moved() const {
  for (const auto& [partition, offset] : committable_) {
    auto it = committed_.find(partition);
    if (it == committed_.end() || it->second != offset) return true;
  }
  return false;
}

Status OffsetCommitter::maybe_commit(bool force) {
  std::map<int, int64_t> moved;
  const auto now = Clock::now();
  {
    std::lock_guard lock(mu_);
    if (!has_moved()) return Status::ok_status();
    if (!force && now - last_commit_ < interval_) return Status::ok_status();
    for (const auto& [partition, offset] : committable_) {
      auto it = committed_.find(partition);
      if (it == committed_.end() || it->second != offset) moved[partition] = offset;
    }
  }
  const Status committed = consumer_->commit(moved);
  if (committed.code() == StatusCode::kUnavailable || committed.code() == StatusCode::kTimeout ||
      committed.code() == StatusCode::kIoError) {
    // The log's servers are away, or its disk refused the write (full, failing; the offsets
    // file is replaced atomically, so the old one stands): the offsets stay committable and go
    // at the next attempt. Until then a crash or a rebalance replays a little more, which is
    // harmless.
    std::lock_guard lock(mu_);
    if (trouble_.empty()) spdlog::warn("offset commit failed, retrying: {}", committed.to_string());
    trouble_ = committed.message();
    last_commit_ = now;
    return Status::ok_status();
  }
  if (committed.code() == StatusCode::kAborted) {
    // The group moved on without this member: the partitions are another member's now, which
    // reads them again from the offsets last committed, and the sink's writes are idempotent,
    // so nothing is doubled. These offsets are dropped, not retried (they never can be).
    spdlog::warn("offset commit dropped: {}", committed.message());
    std::lock_guard lock(mu_);
    trouble_.clear();
    for (const auto& [partition, offset] : moved)
      committed_[partition] = offset;
    last_commit_ = now;
    return Status::ok_status();
  }
  SLUICE_RETURN_IF_ERROR(committed);
  {
    std::lock_guard lock(mu_);
    trouble_.clear();
    for (const auto& [partition, offset] : moved)
      committed_[partition] = offset;
    last_commit_ = now;
  }
  if (on_committed_) on_committed_(moved);
  return Status::ok_status();
}

OffsetCommitter::Clock::time_point OffsetCommitter::due() const {
  std::lock_guard lock(mu_);
  // Completions not yet taken: the writer settles them now (its counters and the latency
  // histogram lag behind the sink otherwise, by up to an interval).
  if (!completed_.empty()) return Clock::now();
  if (!has_moved()) return Clock::now() + std::chrono::hours(1);
  return last_commit_ + interval_;
}

void OffsetCommitter::forget(const std::vector<int>& partitions) {
  std::lock_guard lock(mu_);
  for (int p : partitions) {
    committable_.erase(p);
    committed_.erase(p);
    for (Group& g : in_order_)
      g.ends.erase(p);
  }
}

}  // namespace sluice
