// KafkaLog: the Log on an Apache Kafka cluster (docs/cluster.md, "Kafka log").
//
// Topics: config.topic holds the records, partitioned by key (KafkaWriter::partition_for);
// `<topic>.cursors` (one partition, compacted) holds each pipeline's source cursor, written in
// the same transaction as the batch it belongs to. open() creates both when missing, with
// config.partitions partitions (the cursor topic: one) and config.replication_factor; an
// existing topic with fewer partitions than configured is an error naming both counts, one
// with more is used as it is.
//
// Thread-safety: open_writer() and open_consumer() may be called from any thread; each writer
// and consumer is a Kafka client of its own, and may outlive the KafkaLog.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "log/kafka/kafka_offsets.h"
#include "log/log.h"

namespace sluice::kafka {

class KafkaLog final : public Log {
 public:
  // Connects, and makes the topics if missing. kInvalidArgument for a bad config (a property
  // librdkafka rejects, a topic with too few partitions), kUnavailable or kTimeout when the
  // cluster does not answer.
  static Result<std::unique_ptr<KafkaLog>> open(const LogConfig& config);

  int partition_count() const override { return partitions_; }
  Result<std::unique_ptr<LogWriter>> open_writer() override;
  Result<std::unique_ptr<LogConsumer>> open_consumer(const std::string& group) override;
  // Reads the cursor topic with a read_committed consumer of its own, in no group and with
  // no producer: a running ingest is not fenced. kUnavailable while an open transaction hides
  // the newest cursors for longer than the read waits (30 s).
  Result<std::string> read_cursor() override;
  // Each through clients of their own, kept between calls (kafka_offsets.h), bounded by 30 s.
  Result<std::map<int, int64_t>> readable_ends() override;
  Result<std::map<int, int64_t>> group_offsets(const std::string& group) override;
  // Writers count their transactions in it. No partition usage: segments and sizes live on the
  // brokers, and an end offset would cost a round trip per partition and scrape (consumer lag
  // is on /metrics already).
  void set_probe(LogProbe* probe) override { probe_.store(probe); }

 private:
  KafkaLog(LogConfig config, int partitions)
      : config_(std::move(config)), partitions_(partitions), offsets_(config_, partitions) {}

  const LogConfig config_;
  const int partitions_;
  OffsetsReader offsets_;
  std::atomic<LogProbe*> probe_{nullptr};
};

}  // namespace sluice::kafka
