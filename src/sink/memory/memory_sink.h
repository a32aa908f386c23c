// MemorySink: both tables held in this process's memory. It keeps the Sink contract
// (asynchronous groups with a bounded number in flight, completion once the rows are in,
// upsert by key, quarantine by position, reconcile) so that `sluice test` can drive the real
// processor over it and the contract suites hold it to the same rules as SQLite and Cassandra.
// Completions run on a thread of its own, in submission order. Durability is the one promise
// it does not keep. Thread-safety: every method may be called from any thread, so several
// in-process workers may share one MemorySink (as they share one Cassandra).
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "sink/sink.h"

namespace sluice {

class MemorySink final : public Sink {
 public:
  struct StoredRow {
    std::vector<std::optional<std::string>> values;  // per schema field, as text; null absent
    LogPosition position;
    int64_t ingested_at_ms = 0;
  };
  struct QuarantinedRow {
    std::string key;
    std::string raw;
    std::vector<Reason> reasons;
    int64_t ingested_at_ms = 0;
  };

  explicit MemorySink(const Schema& schema, int max_in_flight = 4);
  ~MemorySink() override;

  Status open() override;
  int max_in_flight() const override { return max_in_flight_; }
  Status submit(SinkGroup group, SinkCompletion done) override;
  void drain() override;
  Result<std::unordered_map<std::string, LogPosition>> key_owners(
      const std::vector<std::string_view>& keys) override;

  // The tables as they stand (completed groups only).
  std::map<std::string, StoredRow> stored() const;
  std::map<std::pair<int32_t, int64_t>, QuarantinedRow> quarantined() const;
  // The next `count` groups to complete fail with `status` (written in part or not at all, as
  // a real engine may): lets tests prove that nothing is acknowledged that was not stored.
  void fail_next(int count, Status status);

 private:
  struct Pending {
    SinkGroup group;
    SinkCompletion done;
    std::vector<StoredRow> rows;  // copied at submit: the records may go once completed
    std::vector<std::string> keys;
  };
  void complete_loop();
  void apply(Pending& pending);  // table_mu_ held

  const Schema& schema_;
  const int max_in_flight_;

  mutable std::mutex table_mu_;  // guards the tables and the injected failures
  std::map<std::string, StoredRow> users_;
  std::map<std::pair<int32_t, int64_t>, QuarantinedRow> quarantine_;
  int fail_count_ = 0;
  Status fail_status_;

  std::mutex queue_mu_;  // guards queue_, in_flight_, stopping_
  std::condition_variable queue_cv_;
  std::deque<Pending> queue_;
  int in_flight_ = 0;
  bool stopping_ = false;
  std::thread completer_;
};

}  // namespace sluice
