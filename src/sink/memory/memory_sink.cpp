#include "sink/memory/memory_sink.h"

#include <algorithm>

namespace sluice {

MemorySink::MemorySink(const Schema& schema, int max_in_flight)
    : schema_(schema), max_in_flight_(std::max(1, max_in_flight)) {}

MemorySink::~MemorySink() {
  {
    std::lock_guard lock(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (completer_.joinable()) completer_.join();
}

Status MemorySink::open() {
  if (!completer_.joinable()) completer_ = std::thread([this] { complete_loop(); });
  return Status::ok_status();
}

Status MemorySink::submit(SinkGroup group, SinkCompletion done) {
  if (!completer_.joinable()) return Status::internal("MemorySink::submit before open()");
  Pending pending;
  pending.rows.reserve(group.valid.size());
  for (const Record* record : group.valid) {
    StoredRow row;
    row.position = {record->meta.partition, record->meta.offset};
    row.ingested_at_ms = record->meta.ingest_time_ms;
    for (size_t i = 0; i < schema_.size(); ++i) {
      if (!record->is_null(i)) {
        row.values.emplace_back(record->to_text(i));
      } else {
        row.values.emplace_back(std::nullopt);
      }
    }
    pending.rows.push_back(std::move(row));
    pending.keys.emplace_back(record->key());
  }
  pending.group = std::move(group);
  pending.group.valid.clear();  // copied above; the submitter may free the records on completion
  pending.done = std::move(done);
  std::unique_lock lock(queue_mu_);
  queue_cv_.wait(lock, [&] { return in_flight_ < max_in_flight_; });
  ++in_flight_;
  queue_.push_back(std::move(pending));
  queue_cv_.notify_all();
  return Status::ok_status();
}

void MemorySink::drain() {
  std::unique_lock lock(queue_mu_);
  queue_cv_.wait(lock, [&] { return in_flight_ == 0; });
}

void MemorySink::apply(Pending& pending) {
  for (size_t i = 0; i < pending.rows.size(); ++i) {
    const LogPosition position = pending.rows[i].position;
    users_[pending.keys[i]] = std::move(pending.rows[i]);
    if (pending.group.reconcile) quarantine_.erase({position.partition, position.offset});
  }
  for (QuarantineRow& row : pending.group.quarantine) {
    const std::pair<int32_t, int64_t> at{row.position.partition, row.position.offset};
    if (pending.group.reconcile && !row.key.empty()) {
      auto it = users_.find(row.key);
      if (it != users_.end() && it->second.position == row.position) users_.erase(it);
    }
    quarantine_[at] =
        QuarantinedRow{row.key, std::move(row.raw), std::move(row.reasons), row.ingested_at_ms};
  }
}

void MemorySink::complete_loop() {
  while (true) {
    Pending pending;
    {
      std::unique_lock lock(queue_mu_);
      queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      pending = std::move(queue_.front());
      queue_.pop_front();
    }
    Status status;
    {
      std::lock_guard lock(table_mu_);
      if (fail_count_ > 0) {
        --fail_count_;
        status = fail_status_;
        // Half of the group lands, as when an engine fails part way: replays must mend it.
        pending.rows.resize(pending.rows.size() / 2);
        pending.keys.resize(pending.rows.size());
        pending.group.quarantine.clear();
      }
      apply(pending);
    }
    pending.done(status);
    {
      std::lock_guard lock(queue_mu_);
      --in_flight_;
    }
    queue_cv_.notify_all();
  }
}

Result<std::unordered_map<std::string, LogPosition>> MemorySink::key_owners(
    const std::vector<std::string_view>& keys) {
  std::lock_guard lock(table_mu_);
  std::unordered_map<std::string, LogPosition> owners;
  for (std::string_view key : keys) {
    auto it = users_.find(std::string(key));
    if (it != users_.end()) owners.emplace(it->first, it->second.position);
  }
  return owners;
}

std::map<std::string, MemorySink::StoredRow> MemorySink::stored() const {
  std::lock_guard lock(table_mu_);
  return users_;
}

std::map<std::pair<int32_t, int64_t>, MemorySink::QuarantinedRow> MemorySink::quarantined() const {
  std::lock_guard lock(table_mu_);
  return quarantine_;
}

void MemorySink::fail_next(int count, Status status) {
  std::lock_guard lock(table_mu_);
  fail_count_ = count;
  fail_status_ = std::move(status);
}

}  // namespace sluice
