// KafkaConsumer: the LogConsumer of the Kafka log, one member of a Kafka consumer group
// (group.id = the group given to KafkaLog::open_consumer) on the log's topic (docs/cluster.md).
// - read_committed: poll() returns only records of committed transactions, in offset order per
//   partition. Offsets within a LogBatch increase but may skip the offsets that hold Kafka's
//   transaction markers: no committed record is skipped.
// - roundrobin (eager) assignment by default; cooperative-sticky works too (incremental assign
//   and unassign), but see kafka_conf.cpp. Assignment changes reach the listener on the polling
//   thread, inside poll() or close(): on an assignment, on_assigned() runs before librdkafka starts
//   fetching, so a seek() made there sets where the partitions start; on a revocation,
//   on_revoked() runs while the partitions are still assigned (commit() works), then they are
//   given up, and records of them polled but not yet returned are dropped.
// - No auto-commit: commit() stores the given offsets synchronously, only for assigned
//   partitions.
// - Prefetch is bounded per partition (queued.max.messages.kbytes and friends, overridable).
// - poll() waits, past its timeout if need be (up to kSettleMs after a subscribe, a new
//   assignment or the last record), until it can tell whether there is anything to read: the
//   group has answered and every assigned partition has a known position that is at its end or
//   has records coming. So an empty poll means caught up, as it does for the local logs.
// - librdkafka 2.0.2 stops fetching a partition once its prefetch is over the bounds and looks
//   again only when its broker thread next wakes up, up to a second later (2.1.0 added
//   fetch.queue.backoff.ms for this). A reader that empties the prefetch sooner would wait out
//   the rest of that second, so poll() wakes the fetcher itself when the queue runs dry while
//   records are coming: it asks the partitions' leaders for their end offsets, a request that
//   wakes the broker threads, which then fetch.
// - close() revokes every assigned partition through the listener first, then leaves the
//   group; the group's other members take the partitions over from the committed offsets.
// - lag() is the high watermark librdkafka last saw in a fetch minus the position, per
//   assigned partition (0 at the end); no round trip.
// Thread-safety: as LogConsumer says; commit() may run on another thread than poll().
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "log/kafka/kafka_conf.h"
#include "log/log.h"

namespace sluice::kafka {

class KafkaConsumer final : public LogConsumer {
 public:
  // How long poll() waits at most for the group and the positions after a change.
  static constexpr int kSettleMs = 15000;

  static Result<std::unique_ptr<KafkaConsumer>> open(const LogConfig& config, int partitions,
                                                     const std::string& group);
  // Without close(): leaves the group without telling the listener, committing nothing.
  ~KafkaConsumer() override;

  Status subscribe(RebalanceListener* listener) override;
  Result<std::vector<LogBatch>> poll(size_t max_records, int timeout_ms) override;
  Status commit(const std::map<int, int64_t>& next_offsets) override;
  Result<std::map<int, int64_t>> committed(const std::vector<int>& partitions) override;
  Status seek(int partition, int64_t offset) override;
  Result<int64_t> offset_for_time(int partition, int64_t ts_ms) override;
  std::map<int, int64_t> lag() const override;
  std::vector<int> assignment() const override;
  int partition_count() const override { return partitions_; }
  // Set by the transport errors poll() meets (all brokers down, connection refused) and by a
  // metadata request this call makes every 2 s (500 ms at most: the caller is the Health's
  // watcher, and the polling thread may be the one stuck in the outage); cleared by the next
  // record or end of partition, or by a metadata request that succeeds.
  std::string unreachable() const override;
  Status close() override;

 private:
  // What the polling thread knows of an assigned partition.
  struct Position {
    int64_t next = -1;   // next offset to return; -1 until a record or the end was seen
    bool at_end = true;  // the last thing seen was the end (read_committed: the stable end)
  };

  KafkaConsumer(std::string topic, int partitions);

  static void error_cb(rd_kafka_t* rk, int err, const char* reason, void* opaque);
  static void rebalance_cb(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                           rd_kafka_topic_partition_list_t* partitions, void* opaque);
  void on_assign(rd_kafka_topic_partition_list_t* partitions);
  void on_revoke(rd_kafka_topic_partition_list_t* partitions);
  // Tells the listener of the revocation, then drops what this member kept of the partitions.
  void forget(const std::vector<int>& partitions);
  // One message or event from the consumer queue; records go to `out`.
  Status take(const rd_kafka_message_t& msg, std::vector<LogBatch>* out, size_t* taken);
  bool settled() const;
  // Wakes librdkafka's fetcher when the consumer queue ran dry while records are coming.
  void wake_fetcher_if_starved();
  void refresh_lag();
  void set_unreachable(std::string why) const;
  // Asks the brokers for metadata, at most every kProbeEveryMs (other callers meanwhile skip).
  void probe_reachability() const;
  Status check_assigned(int partition) const;
  PartitionListPtr partition_list(const std::map<int, int64_t>& offsets) const;
  Result<std::pair<int64_t, int64_t>> watermarks(int partition) const;

  const std::string topic_;
  const int partitions_;
  KafkaPtr rk_;
  QueuePtr queue_;  // the consumer queue (rd_kafka_queue_get_consumer), for its length
  RebalanceListener* listener_ = nullptr;
  bool subscribed_ = false;
  bool closed_ = false;
  bool quiet_ = false;    // the destructor: no listener calls
  bool closing_ = false;  // close() told the listener already: events now only settle librdkafka
  // Polling thread only.
  bool joined_ = false;  // the group answered with a first assignment (possibly empty)
  int64_t settle_until_ms_ = 0;
  int64_t last_wake_ms_ = 0;  // the last wake_fetcher_if_starved() that asked the brokers
  std::map<int, Position> positions_;
  bool assigning_ = false;                // inside on_assigned: seek() sets start offsets
  std::map<int, int64_t> start_offsets_;  // seek()s made inside on_assigned
  std::set<int> revoked_in_poll_;         // records of these polled meanwhile are dropped
  rd_kafka_resp_err_t last_warning_ = RD_KAFKA_RESP_ERR_NO_ERROR;
  mutable std::mutex probe_mu_;  // one probe at a time; guards last_probe_ms_
  mutable int64_t last_probe_ms_ = 0;
  mutable std::atomic<bool> unreachable_set_{false};  // fast path for the polling thread

  // Held by commit() across its round trip, so that a revocation waits for it: no commit
  // lands after a partition was given up.
  std::mutex commit_mu_;
  mutable std::mutex assignment_mu_;  // guards assigned_ (read by commit(), assignment())
  std::set<int> assigned_;
  mutable std::mutex lag_mu_;
  std::map<int, int64_t> lag_;
  mutable std::mutex unreachable_mu_;
  mutable std::string unreachable_;  // why the brokers cannot be reached, "" when they can
};

}  // namespace sluice::kafka
