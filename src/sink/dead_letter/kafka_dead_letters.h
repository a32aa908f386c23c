// KafkaDeadLetters (`log.dead_letter_topic`, docs/cluster.md, "Dead-letter topic"): a Sink
// that wraps the pipeline's sink and also produces every quarantine row to a Kafka topic, for
// consumers that want the rejected records as a stream (to repair and re-send them, or to
// alert) rather than as a table. Each message is the raw record as received, keyed by the
// record's key, timestamped with its ingest time, with headers saying why and from where:
//   sluice.reasons           the reasons as the quarantine table holds them (a JSON array)
//   sluice.source.topic      the log topic the record was read from
//   sluice.source.partition  its partition in that topic (decimal)
//   sluice.source.offset     its offset there (decimal): with the partition, the record's
//                            identity, equal to the quarantine row's primary key
//   sluice.pipeline          the pipeline's name
//   sluice.ingested_at_ms    when ingest fetched it (decimal milliseconds since the epoch)
// A group completes once the wrapped sink made it durable *and* every one of its dead letters
// is acknowledged by Kafka (acks=all, idempotent producer), so the processor commits offsets
// only past records whose dead letters are out. Delivery is at least once: a crash between
// the two replays the group and sends its dead letters again; (partition, offset) tells the
// copies apart. While Kafka is away the producer keeps retrying (message.timeout.ms 0, no
// give-up) and unreachable() says so, as the Kafka log's consumer does; an error Kafka
// reports as final (authorization, a record too large) fails the group, which stops the
// processor with that error.
// Thread-safety: as Sink says; delivery reports run on a thread of this class.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/config.h"
#include "log/kafka/kafka_handle.h"
#include "sink/sink.h"

namespace sluice {

class KafkaDeadLetters final : public Sink {
 public:
  // `log`: the Kafka log's config (brokers, properties, the topic and dead_letter_topic).
  KafkaDeadLetters(const LogConfig& log, std::unique_ptr<Sink> inner);
  ~KafkaDeadLetters() override;
  KafkaDeadLetters(const KafkaDeadLetters&) = delete;
  KafkaDeadLetters& operator=(const KafkaDeadLetters&) = delete;

  // Opens the wrapped sink, then the producer, and creates the topic when it is missing (the
  // log topic's partition count and replication factor).
  Status open() override;
  int max_in_flight() const override { return inner_->max_in_flight(); }
  Status submit(SinkGroup group, SinkCompletion done) override;
  // The wrapped sink's groups, then every dead letter still on its way.
  void drain() override;
  Result<std::unordered_map<std::string, LogPosition>> key_owners(
      const std::vector<std::string_view>& keys) override {
    return inner_->key_owners(keys);
  }
  // The wrapped sink's reason, else why dead letters wait (the oldest one for over 5 s).
  std::string unreachable() const override;
  void fail_fast() override { inner_->fail_fast(); }
  std::optional<SinkCounters> counters() const override { return inner_->counters(); }
  Result<std::vector<StoredQuarantineRow>> recent_quarantine(int limit) override {
    return inner_->recent_quarantine(limit);
  }

  const std::string& topic() const { return topic_; }

 private:
  struct Pending;  // one group: the wrapped sink's completion and its dead letters
  static void on_delivery(rd_kafka_t* rk, const rd_kafka_message_t* msg, void* opaque);
  // Gives one part of `pending` back (the wrapped sink's completion or one dead letter).
  void settle(Pending* pending, const Status& status);
  Status produce(const QuarantineRow& row, Pending* pending);
  void serve_deliveries();  // the thread: delivery reports

  const LogConfig log_;
  const std::string topic_;
  std::unique_ptr<Sink> inner_;
  kafka::KafkaPtr producer_;
  kafka::TopicPtr topic_handle_;

  mutable std::mutex mu_;
  std::condition_variable settled_;
  int64_t groups_pending_ = 0;  // submitted, not yet completed (mu_)
  std::atomic<int64_t> letters_out_{0};
  // The last sign of progress (ms since the epoch): a delivery report, or a dead letter
  // produced while none was out. Dead letters out with no progress for 5 s are "waiting".
  std::atomic<int64_t> progress_ms_{0};
  std::atomic<bool> stop_{false};
  std::thread poller_;
};

}  // namespace sluice
