// The durable, partitioned log between ingest and process (docs/architecture.md, "Delivery
// contract"), split by role as a Kafka client is:
// - LogWriter: what ingest needs: publish a batch of records together with the source cursor
//   as one transaction, and read the last cursor back.
// - LogConsumer: what one processing worker needs: join a consumer group, get partitions
//   assigned and revoked, poll committed records from its partitions, commit offsets per
//   partition.
// - Log: the opened log (files, or a cluster connection) that hands out both.
// Implementations: embedded/ (segment files on local disk), memory/ (in-process, for
// `sluice test` and the contract tests) and, in a later issue, kafka/. Chosen by make_log().
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/status.h"

namespace sluice {

class LogProbe;

struct LogRecord {
  std::string key;    // partitioning key (the pipeline's key field, e.g. username); may be ""
  std::string value;  // the record's JSON as received from the source
  int64_t timestamp_ms = 0;
};

struct LogEntry {
  int64_t offset = 0;
  int64_t timestamp_ms = 0;
  std::string key;
  std::string value;
};

// Consecutive committed entries of one partition, as poll() returns them.
struct LogBatch {
  int partition = 0;
  std::vector<LogEntry> entries;  // never empty
};

// What one partition holds now, for the gauges of log_metrics.h. A log that cannot tell a
// value cheaply leaves it out.
struct PartitionUsage {
  int partition = 0;
  std::optional<int64_t> segments;    // segment files
  std::optional<int64_t> size_bytes;  // bytes of whole batches in them
  std::optional<int64_t> end_offset;  // the next committed offset (the high watermark)
};

// Publishes for one ingest. Single writer: one thread at a time.
class LogWriter {
 public:
  virtual ~LogWriter() = default;
  virtual int partition_count() const = 0;
  // The partition a key belongs to (a stable hash of the key, modulo partition_count()).
  virtual int partition_for(std::string_view key) const = 0;
  // Appends the records, each to partition_for(key), together with the source cursor, as one
  // transaction: after a crash either all of them and the cursor are visible to consumers, or
  // none are. Returns only once the transaction is durable.
  virtual Status publish(const std::vector<LogRecord>& records, std::string_view cursor) = 0;
  // The cursor stored with the last committed transaction ("" if none).
  virtual Result<std::string> last_cursor() = 0;
};

// Told of the partitions a consumer gains and loses. Both run on the thread that calls
// LogConsumer::poll() (or close()), before it returns.
class RebalanceListener {
 public:
  virtual ~RebalanceListener() = default;
  // The consumer reads these from their committed offsets on (or where seek() puts them).
  virtual void on_assigned(const std::vector<int>& partitions) = 0;
  // The consumer is about to give these up: commit what is durable for them now, and drop any
  // state kept for them. Another member starts reading them from the last committed offset.
  virtual void on_revoked(const std::vector<int>& partitions) = 0;
};

// One member of a consumer group. Not thread-safe, except that commit() may be called from a
// thread other than the polling one (the processor commits from its writer thread).
class LogConsumer {
 public:
  virtual ~LogConsumer() = default;
  // Joins the group. Assignment happens in the poll() calls that follow.
  virtual Status subscribe(RebalanceListener* listener) = 0;
  // Committed entries of the assigned partitions, at most max_records in all, from each
  // partition's position on (positions then move past them). Waits up to timeout_ms when there
  // is nothing new; 0 does not wait. Delivers assignment changes to the listener first.
  virtual Result<std::vector<LogBatch>> poll(size_t max_records, int timeout_ms) = 0;
  // Stores the group's next offset to process for assigned partitions. A partition that is not
  // assigned to this member is refused (it may belong to another member by now). kAborted when
  // the group moved on without this member meanwhile (its session ran out): those offsets can
  // never be committed from here, and their partitions' new owner reads them again.
  virtual Status commit(const std::map<int, int64_t>& next_offsets) = 0;
  // The group's committed offsets for these partitions (absent: never committed).
  virtual Result<std::map<int, int64_t>> committed(const std::vector<int>& partitions) = 0;
  // Moves an assigned partition's read position (replay). Clamped to what the log holds.
  virtual Status seek(int partition, int64_t offset) = 0;
  // The first offset whose timestamp is >= ts_ms (the end offset if none), for --from-time.
  virtual Result<int64_t> offset_for_time(int partition, int64_t ts_ms) = 0;
  // Per assigned partition, the committed entries past the read position, as of the last poll
  // (no round trip of its own).
  virtual std::map<int, int64_t> lag() const = 0;
  virtual std::vector<int> assignment() const = 0;
  virtual int partition_count() const = 0;
  // Why the servers behind this consumer cannot be reached right now (it keeps trying), or ""
  // when they can or there are none: the processor shows it on /readyz (core/health.h).
  virtual std::string unreachable() const { return {}; }
  // Leaves the group: every assigned partition is revoked through the listener first.
  virtual Status close() = 0;
};

// An opened log. Thread-safe: writers and consumers may be opened and used from any thread.
class Log {
 public:
  virtual ~Log() = default;
  virtual int partition_count() const = 0;
  virtual Result<std::unique_ptr<LogWriter>> open_writer() = 0;
  // The cursor stored with the last committed transaction ("" if none), as LogWriter::
  // last_cursor() gives it, but read without becoming a writer: on Kafka, opening a writer
  // takes the pipeline's transactional.id and fences a running ingest, so a look that must
  // not disturb one (`sluice ingest --dry-run`) reads through here. A transaction still open
  // may hide the newest cursor until it ends (Kafka: the read waits for it, up to a timeout).
  virtual Result<std::string> read_cursor() = 0;
  // A new member of consumer group `group` (several may share one group: partitions are spread
  // over them, and move on join, leave and close).
  virtual Result<std::unique_ptr<LogConsumer>> open_consumer(const std::string& group) = 0;
  // Per partition, the offset just past its last record a consumer can read: what a group
  // that has processed everything committed so far has committed (a processor commits the
  // offset after the last record it stored). Partitions holding no readable record are
  // absent. On Kafka, transaction markers take offsets of their own, so this is not the high
  // watermark. For `wait_caught_up`.
  virtual Result<std::map<int, int64_t>> readable_ends() = 0;
  // Consumer group `group`'s committed offsets (absent: never committed), read without
  // joining the group, so that a running member is not disturbed.
  virtual Result<std::map<int, int64_t>> group_offsets(const std::string& group) = 0;
  // Counts what writers opened from now on publish (and, on the embedded log, its fsyncs) in
  // `probe`, which must outlive the log and its writers. Default: nothing is counted.
  virtual void set_probe(LogProbe* /*probe*/) {}
  // Each partition's usage now, read without I/O (safe from a scrape thread while writers and
  // consumers run). Default: none known.
  virtual std::vector<PartitionUsage> partition_usage() const { return {}; }
};

// Opens the log the config names (creating it if missing). Embedded mode takes a lock file:
// a second process opening the same directory gets an error naming the holder's pid.
Result<std::unique_ptr<Log>> make_log(const LogConfig& config);

}  // namespace sluice
