// Sink: where judged records land (docs/architecture.md, "Tables"). Asynchronous, so that an
// engine with many writes in flight (Cassandra) and one with a single writer (SQLite) share one
// contract:
// - submit() hands over a group of valid rows and quarantine rows and returns; the group's
//   completion fires later, exactly once, ok when every row of it is durable;
// - at most max_in_flight() groups are pending: submit() waits while that many are;
// - writes are idempotent (upsert by key; quarantine keyed by log position), so a group that
//   failed or was never acknowledged is made good by writing it again: the processor commits
//   offsets only up to the oldest group not yet completed, and a crash replays from there.
// Implementations: sqlite/ (one writer thread), memory/ (in-process, for `sluice test` and
// the contract tests), cassandra/ (many writes in flight over src/cql/), null/ (discards). Chosen
// by make_sink() from config; dead_letter/ wraps any of them to also send quarantined records
// to a Kafka topic (`log.dead_letter_topic`).
// Thread-safety: submit(), drain() and key_owners() from one thread (the processor's writer);
// completions run on a thread of the sink.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/config.h"
#include "core/log_position.h"
#include "core/reason.h"
#include "core/record.h"
#include "core/status.h"

namespace sluice {

struct QuarantineRow {
  LogPosition position;
  std::string key;              // the mapped key field's text, "" when it had none
  std::string raw;              // the source record's JSON as received
  std::vector<Reason> reasons;  // never empty; the sink encodes them for its table
  int64_t ingested_at_ms = 0;
};

// One group of rows, written as a unit where the engine can (SQLite: one transaction) and
// acknowledged as one either way.
struct SinkGroup {
  // Valid records (their meta holds partition, offset and ingest time). The records are owned
  // by the submitter and must stay alive until the group's completion has run.
  std::vector<const Record*> valid;
  std::vector<QuarantineRow> quarantine;
  // Also undo earlier verdicts for the same log positions: a record now valid leaves
  // quarantine, a record now invalid leaves created_users. Needed when replaying under changed
  // rules; a crash replay gives the same verdicts and can skip it.
  bool reconcile = false;
};

// A quarantine row as read back from the table (recent_quarantine()): the columns as stored.
struct StoredQuarantineRow {
  LogPosition position;
  std::string raw;           // the source record's JSON as received
  std::string reasons_json;  // the `reasons` column: [{"rule":..,"message":..}, ...]
  std::string ingested_at;   // ISO 8601 UTC, as the table holds it
};

// What a sink with a server behind it did, since it opened (process/sink_metrics.h exports
// these on /metrics).
struct SinkCounters {
  uint64_t writes = 0;                     // statements acknowledged
  uint64_t reads = 0;                      // lookups answered (key_owners, reconcile)
  uint64_t retries = 0;                    // statements sent again after a retryable failure
  uint64_t reconnects = 0;                 // connections opened after the first
  std::map<std::string, uint64_t> errors;  // failed statements by kind: timeout, unavailable, ...
  // Requests to each server ("address:port"): durations as a histogram (`counts[i]` requests
  // of at most `bounds[i]` seconds and more than the bound before; the last count above every
  // bound) and how many failed.
  struct HostRequests {
    std::vector<double> bounds;
    std::vector<uint64_t> counts;
    double seconds_sum = 0;
    uint64_t failures = 0;
  };
  std::map<std::string, HostRequests> hosts;
};

// Called once per submitted group: ok when durable, else why not (some rows may be written).
using SinkCompletion = std::function<void(const Status&)>;

class Sink {
 public:
  virtual ~Sink() = default;
  // Connects and creates the tables if missing.
  virtual Status open() = 0;
  // How many groups may be submitted and not yet completed.
  virtual int max_in_flight() const = 0;
  // Queues the group; waits while max_in_flight() groups are pending. An error here means the
  // group was not taken (the completion will not run).
  virtual Status submit(SinkGroup group, SinkCompletion done) = 0;
  // Returns once every submitted group has completed.
  virtual void drain() = 0;
  // For the unique rule: the log position of the stored row holding each key, for those keys
  // that are stored by completed groups (groups in flight may or may not show). One round
  // trip for many keys.
  virtual Result<std::unordered_map<std::string, LogPosition>> key_owners(
      const std::vector<std::string_view>& keys) = 0;
  // From now on a group whose write fails with an error that may pass (a full disk) fails at
  // once instead of waiting to be written again: for runs that must end, `sluice run --once`.
  // Sinks that never wait ignore it. Any thread.
  virtual void fail_fast() {}
  // Why the servers behind this sink cannot be reached right now, while it waits for them
  // (its groups stay pending), or "" when they can or there are none: shown on /readyz.
  virtual std::string unreachable() const { return {}; }
  // The newest rows of the quarantine table, at most `limit`, newest first (for the
  // dashboard). Thread-safe, unlike the rest: the HTTP server calls it while the processor
  // writes. kNotImplemented for a sink that cannot answer it.
  virtual Result<std::vector<StoredQuarantineRow>> recent_quarantine(int limit) {
    (void)limit;
    return Status::not_implemented("this sink cannot list its quarantine");
  }
  // Its counters, or nullopt for a sink that keeps none (the local ones count rows through
  // the processor's metrics instead).
  virtual std::optional<SinkCounters> counters() const { return std::nullopt; }
};

// Submits the group and waits for its completion: for tools and tests that write one group
// at a time.
Status write_and_wait(Sink* sink, SinkGroup group);

Result<std::unique_ptr<Sink>> make_sink(const SinkConfig& config, const Schema& schema);

}  // namespace sluice
