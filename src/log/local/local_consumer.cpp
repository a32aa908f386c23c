#include "log/local/local_consumer.h"

#include <algorithm>

namespace sluice {

LocalConsumer::~LocalConsumer() {
  // Gone without close(): like a crashed member, its partitions become free as they are, and
  // the next owner starts from the last committed offsets.
  if (member_ != 0) backend_->coordinator().leave(group_, member_);
}

Status LocalConsumer::subscribe(RebalanceListener* listener) {
  if (member_ != 0) return Status::invalid_argument("consumer is already subscribed");
  listener_ = listener;
  SLUICE_ASSIGN_OR_RETURN(member_, backend_->coordinator().join(group_));
  return Status::ok_status();
}

Status LocalConsumer::check_assigned(int partition) const {
  std::lock_guard lock(mu_);
  if (positions_.count(partition) == 0) {
    return Status::invalid_argument("partition " + std::to_string(partition) +
                                    " is not assigned to this consumer");
  }
  return Status::ok_status();
}

Status LocalConsumer::rebalance() {
  GroupCoordinator& coordinator = backend_->coordinator();
  const uint64_t generation = coordinator.generation(group_);
  if (generation == seen_generation_ && !waiting_for_handover_) return Status::ok_status();
  seen_generation_ = generation;
  const std::vector<int> target = coordinator.target(group_, member_);
  std::vector<int> revoke;
  std::vector<int> want;
  {
    std::lock_guard lock(mu_);
    for (const auto& [p, position] : positions_) {
      if (std::find(target.begin(), target.end(), p) == target.end()) revoke.push_back(p);
    }
    for (int p : target) {
      if (positions_.count(p) == 0) want.push_back(p);
    }
  }
  if (!revoke.empty()) {
    // The listener commits what is durable while the partitions are still ours.
    if (listener_ != nullptr) listener_->on_revoked(revoke);
    coordinator.release(group_, member_, revoke);
    std::lock_guard lock(mu_);
    for (int p : revoke) {
      positions_.erase(p);
      lag_.erase(p);
    }
  }
  const std::vector<int> gained = coordinator.acquire(group_, member_, want);
  waiting_for_handover_ = gained.size() < want.size();
  if (gained.empty()) return Status::ok_status();
  const std::map<int, int64_t> committed = coordinator.committed(group_);
  {
    std::lock_guard lock(mu_);
    for (int p : gained) {
      const int64_t start = backend_->start_offset(p);
      const int64_t end = backend_->committed_end(p);
      auto it = committed.find(p);
      const int64_t position = std::clamp(it == committed.end() ? start : it->second, start, end);
      positions_[p] = position;
      lag_[p] = end - position;
    }
  }
  if (listener_ != nullptr) listener_->on_assigned(gained);
  return Status::ok_status();
}

Result<std::vector<LogBatch>> LocalConsumer::read_round(size_t max) {
  std::vector<int> partitions = assignment();
  std::vector<LogBatch> batches;
  if (partitions.empty() || max == 0) return batches;
  // An even share each, so one busy partition cannot starve the others. With fewer records
  // wanted than partitions the share rounds up to 1 and the budget runs out part way; the
  // rotating start lets every partition have its turn.
  const size_t share = std::max<size_t>(1, max / partitions.size());
  size_t left = max;
  const size_t first = next_start_++ % partitions.size();
  for (size_t i = 0; i < partitions.size(); ++i) {
    const int p = partitions[(first + i) % partitions.size()];
    int64_t position = 0;
    {
      std::lock_guard lock(mu_);
      position = positions_[p];
    }
    SLUICE_ASSIGN_OR_RETURN(auto entries, backend_->read(p, position, std::min(share, left)));
    left -= entries.size();
    if (!entries.empty()) position = entries.back().offset + 1;
    const int64_t end = backend_->committed_end(p);
    {
      std::lock_guard lock(mu_);
      positions_[p] = position;
      lag_[p] = std::max<int64_t>(0, end - position);
    }
    if (!entries.empty()) batches.push_back(LogBatch{p, std::move(entries)});
  }
  return batches;
}

Result<std::vector<LogBatch>> LocalConsumer::poll(size_t max_records, int timeout_ms) {
  if (member_ == 0) return Status::invalid_argument("poll() before subscribe()");
  SLUICE_RETURN_IF_ERROR(rebalance());
  const uint64_t seen = backend_->commit_sequence();  // before reading: no commit slips by
  SLUICE_ASSIGN_OR_RETURN(auto batches, read_round(max_records));
  if (!batches.empty() || timeout_ms <= 0) return batches;
  backend_->wait_for_commit(seen, timeout_ms);
  SLUICE_RETURN_IF_ERROR(rebalance());
  return read_round(max_records);
}

Status LocalConsumer::commit(const std::map<int, int64_t>& next_offsets) {
  if (member_ == 0) return Status::invalid_argument("commit() before subscribe()");
  if (next_offsets.empty()) return Status::ok_status();
  return backend_->coordinator().commit(group_, member_, next_offsets);
}

Result<std::map<int, int64_t>> LocalConsumer::committed(const std::vector<int>& partitions) {
  if (member_ == 0) return Status::invalid_argument("committed() before subscribe()");
  const std::map<int, int64_t> all = backend_->coordinator().committed(group_);
  std::map<int, int64_t> out;
  for (int p : partitions) {
    if (auto it = all.find(p); it != all.end()) out.emplace(p, it->second);
  }
  return out;
}

Status LocalConsumer::seek(int partition, int64_t offset) {
  SLUICE_RETURN_IF_ERROR(check_assigned(partition));
  const int64_t start = backend_->start_offset(partition);
  const int64_t end = backend_->committed_end(partition);
  std::lock_guard lock(mu_);
  positions_[partition] = std::clamp(offset, start, end);
  lag_[partition] = end - positions_[partition];
  return Status::ok_status();
}

Result<int64_t> LocalConsumer::offset_for_time(int partition, int64_t ts_ms) {
  SLUICE_RETURN_IF_ERROR(check_partition_exists(partition, backend_->partition_count()));
  return backend_->offset_for_time(partition, ts_ms);
}

std::map<int, int64_t> LocalConsumer::lag() const {
  std::lock_guard lock(mu_);
  return lag_;
}

std::vector<int> LocalConsumer::assignment() const {
  std::lock_guard lock(mu_);
  std::vector<int> out;
  out.reserve(positions_.size());
  for (const auto& [p, position] : positions_)
    out.push_back(p);
  return out;
}

Status LocalConsumer::close() {
  if (member_ == 0) return Status::ok_status();
  const std::vector<int> owned = assignment();
  if (!owned.empty() && listener_ != nullptr) listener_->on_revoked(owned);
  backend_->coordinator().release(group_, member_, owned);
  backend_->coordinator().leave(group_, member_);
  member_ = 0;
  std::lock_guard lock(mu_);
  positions_.clear();
  lag_.clear();
  return Status::ok_status();
}

}  // namespace sluice
