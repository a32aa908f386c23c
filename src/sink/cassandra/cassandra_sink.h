// CassandraSink: the cluster sink (docs/cluster.md, "Cassandra sink"). `created_users` and
// `quarantine` live in a keyspace the sink creates if missing. Each row is one prepared,
// idempotent INSERT of its own (no multi-partition batches: a batch spanning partitions costs
// the coordinator more than the same writes sent side by side), sent by a pool of
// `write_concurrency` threads over one CQL Session, so that many writes of all pending groups
// are in flight at once. A group completes once every one of its writes is acknowledged at the
// configured consistency, ok, or with its first error; the session retries idempotent writes
// on its own (Overloaded, Unavailable, timeouts on the server, a lost connection), and while
// no node can take them the sink waits for the cluster to come back (outage_wait.h).
//
// Every statement carries a client timestamp from a clock that never goes back in this
// process and is handed out in submission order, so of two writes to one row the later
// submitted wins, whatever order the threads, retries and failovers deliver them in.
//
// Thread-safety: as the Sink interface says; completions run on the pool's threads; stats()
// from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/config_interpolate.h"
#include "cql/session.h"
#include "sink/cassandra/cassandra_options.h"
#include "sink/cassandra/outage_wait.h"
#include "sink/cassandra/recent_quarantine.h"
#include "sink/cassandra/task_pool.h"
#include "sink/sink.h"

namespace sluice {

// Counters for the process probe and /metrics: totals since open().
struct CassandraSinkStats {
  uint64_t writes = 0;              // statements acknowledged (upserts and reconcile deletes)
  uint64_t reads = 0;               // key_owners() and reconcile lookups answered
  uint64_t errors_timeout = 0;      // a write or read that failed with kTimeout
  uint64_t errors_unavailable = 0;  // ... kUnavailable (Unavailable, Overloaded, no node)
  uint64_t errors_invalid = 0;      // ... kInvalidArgument or kNotFound (schema, values)
  uint64_t errors_other = 0;
  cql::SessionStats session;  // retries, reconnects, re-prepares
};

class CassandraSink final : public Sink {
 public:
  CassandraSink(SinkConfig config, const Schema& schema, EnvLookup env = process_env());
  ~CassandraSink() override;

  Status open() override;
  int max_in_flight() const override { return config_.max_in_flight_groups; }
  Status submit(SinkGroup group, SinkCompletion done) override;
  void drain() override;
  Result<std::unordered_map<std::string, LogPosition>> key_owners(
      const std::vector<std::string_view>& keys) override;

  // Why writes or reads wait for the cluster now, "" when they do not.
  std::string unreachable() const override;

  CassandraSinkStats stats() const;
  std::optional<SinkCounters> counters() const override;
  // The newest quarantine rows this process wrote (not the table's: see recent_quarantine.h).
  Result<std::vector<StoredQuarantineRow>> recent_quarantine(int limit) override {
    return recent_quarantine_.newest(limit);
  }

 private:
  RecentQuarantine recent_quarantine_;
  struct Group;
  enum class Op { kUser, kUnquarantine, kQuarantine, kUnstore, kNone };

  // One write of a group (on a pool thread); the last one to finish completes the group.
  void run_op(const std::shared_ptr<Group>& group, Op op, size_t index, int64_t timestamp_us);
  Status write_op(const Group& group, Op op, size_t index, int64_t timestamp_us);
  // Reconcile of a now-invalid position: delete the stored row of its key only if that row
  // still comes from this position (read, then delete that version of the row).
  Status unstore(const QuarantineRow& row);
  // Looks up keys[first, first + kOwnersChunk) and appends the stored ones to *found.
  Status read_owners(const std::vector<std::string_view>& keys, size_t first,
                     std::vector<std::pair<std::string, LogPosition>>* found);
  // The stored row of `key` (the columns `query` selects), nullopt when none.
  Result<std::optional<cql::Row>> read_owner(const std::string& query, std::string_view key);
  Status execute_write(const cql::Statement& statement);
  // The session's execute(), waiting out an outage (outage_wait.h).
  Result<cql::QueryResult> execute_patiently(const cql::Statement& statement);
  void count_error(const Status& status);
  // `n` consecutive microsecond timestamps, never below the last handed out; returns the first.
  int64_t reserve_timestamps(size_t n);

  const SinkConfig config_;
  const Schema& schema_;
  const EnvLookup env_;
  cassandra::SinkOptions options_;
  std::string insert_user_, insert_quarantine_, select_owners_, select_version_, delete_user_,
      delete_quarantine_;

  std::mutex clock_mu_;
  int64_t last_timestamp_us_ = 0;

  std::mutex groups_mu_;  // guards in_flight_
  std::condition_variable groups_cv_;
  int in_flight_ = 0;

  std::atomic<uint64_t> writes_{0}, reads_{0}, errors_timeout_{0}, errors_unavailable_{0},
      errors_invalid_{0}, errors_other_{0};

  cassandra::OutageWait outage_;
  std::unique_ptr<cql::Session> session_;
  // Declared after the session: destroyed first, running what was posted while it is open.
  std::unique_ptr<cassandra::TaskPool> pool_;
};

}  // namespace sluice
