// LocalConsumer: the LogConsumer of logs in this process (embedded, memory). Group membership
// and hand-over come from the backend's GroupCoordinator; positions start at the group's
// committed offset (or the oldest retained entry) and move as poll() returns entries; lag is
// the committed end minus the position, known without a round trip.
// Thread-safety: as LogConsumer says (commit() from another thread is fine: a mutex guards
// the assignment).
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "log/local/local_backend.h"
#include "log/log.h"

namespace sluice {

class LocalConsumer final : public LogConsumer {
 public:
  // `backend` must outlive the consumer.
  LocalConsumer(LocalBackend* backend, std::string group)
      : backend_(backend), group_(std::move(group)) {}
  ~LocalConsumer() override;

  Status subscribe(RebalanceListener* listener) override;
  Result<std::vector<LogBatch>> poll(size_t max_records, int timeout_ms) override;
  Status commit(const std::map<int, int64_t>& next_offsets) override;
  Result<std::map<int, int64_t>> committed(const std::vector<int>& partitions) override;
  Status seek(int partition, int64_t offset) override;
  Result<int64_t> offset_for_time(int partition, int64_t ts_ms) override;
  std::map<int, int64_t> lag() const override;
  std::vector<int> assignment() const override;
  int partition_count() const override { return backend_->partition_count(); }
  Status close() override;

 private:
  // Revokes what the group moved away and takes what it handed over, telling the listener.
  Status rebalance();
  // One pass over the assigned partitions, reading up to `max` entries in all.
  Result<std::vector<LogBatch>> read_round(size_t max);
  Status check_assigned(int partition) const;

  LocalBackend* backend_;
  const std::string group_;
  RebalanceListener* listener_ = nullptr;
  int member_ = 0;  // 0: not subscribed
  uint64_t seen_generation_ = 0;
  bool waiting_for_handover_ = false;  // some target partition is still held by another member
  size_t next_start_ = 0;              // round-robin start among positions_, for fairness

  mutable std::mutex mu_;             // guards positions_ and lag_ (read by commit(), lag())
  std::map<int, int64_t> positions_;  // assigned partition -> next offset to read
  std::map<int, int64_t> lag_;
};

}  // namespace sluice
