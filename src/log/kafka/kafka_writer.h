// KafkaWriter: the LogWriter of the Kafka log, a transactional producer (docs/cluster.md).
// publish() writes the records, each to partition_for(key), and the cursor record (key = the
// pipeline, to the cursor topic) in one transaction and returns once it is committed, so
// read_committed readers see the batch and its cursor together or not at all.
// The transactional.id is per pipeline (`sluice-<pipeline>-ingest` unless the properties name
// one): opening another writer for the pipeline fences this one, whose next publish() fails
// with "fenced by another ingest of pipeline X" (kAborted) and so do all after it.
// The first publish() or last_cursor() initialises transactions, which fences older writers
// and ends whatever transaction they left open; last_cursor() reads only after that.
// Errors: a transaction that Kafka aborts (a broker away too long, a record too large) is
// aborted and reported (kUnavailable and similar): nothing of it is visible, and the caller
// retries from last_cursor(). Single-threaded, as LogWriter says.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "log/kafka/kafka_conf.h"
#include "log/log.h"

namespace sluice::kafka {

class KafkaWriter final : public LogWriter {
 public:
  // `partitions`: the topic's partition count, as KafkaLog found it.
  static Result<std::unique_ptr<KafkaWriter>> open(const LogConfig& config, int partitions);
  ~KafkaWriter() override;

  int partition_count() const override { return partitions_; }
  // Kafka's default partitioner for keyed records (murmur2, as the Java client), so other
  // Kafka producers of the same keys agree with sluice.
  int partition_for(std::string_view key) const override;
  Status publish(const std::vector<LogRecord>& records, std::string_view cursor) override;
  Result<std::string> last_cursor() override;

  const std::string& transactional_id() const { return transactional_id_; }
  // Counts each committed transaction in `probe` (null: none); it must outlive the writer.
  void set_probe(LogProbe* probe) { probe_ = probe; }

 private:
  KafkaWriter(const LogConfig& config, int partitions, std::string transactional_id);

  Status init_transactions();
  // Everything of one transaction up to (not including) the commit.
  Status produce_all(const std::vector<LogRecord>& records, std::string_view cursor);
  Status produce(rd_kafka_topic_t* topic, int partition, std::string_view key,
                 std::string_view value, int64_t timestamp_ms);
  Status commit();
  // Aborts the open transaction after `cause`; returns `cause` (or the fatal error).
  Status abort(Status cause);
  // The Status for an error object of the transactional API; a fatal one sticks (fatal_).
  Status txn_error(rd_kafka_error_t* error, std::string_view what);
  // Sets fatal_ from librdkafka's fatal error (fenced, or anything else that ends a producer).
  Status fail_for_good(std::string_view what);
  static void on_delivery(rd_kafka_t* rk, const rd_kafka_message_t* msg, void* opaque);

  LogConfig config_;
  const int partitions_;
  const std::string pipeline_;  // the cursor's key
  const std::string transactional_id_;
  KafkaPtr producer_;
  TopicPtr topic_;
  TopicPtr cursor_topic_;
  bool initialized_ = false;
  bool in_transaction_ = false;
  Status fatal_;                       // once set, every call returns it
  std::optional<std::string> cursor_;  // the last committed cursor, once known
  rd_kafka_resp_err_t delivery_error_ = RD_KAFKA_RESP_ERR_NO_ERROR;  // first of the transaction
  LogProbe* probe_ = nullptr;
};

}  // namespace sluice::kafka
