#include "log/kafka/kafka_log.h"

#include <fmt/format.h>

#include "log/kafka/kafka_admin.h"
#include "log/kafka/kafka_consumer.h"
#include "log/kafka/kafka_cursor.h"
#include "log/kafka/kafka_offsets.h"
#include "log/kafka/kafka_writer.h"

namespace sluice::kafka {
namespace {

constexpr int kAdminTimeoutMs = 30000;
constexpr int kCursorReadTimeoutMs = 30000;

Status check_config(const LogConfig& config) {
  if (config.brokers.empty()) return Status::invalid_argument("log.brokers is empty");
  if (config.topic.empty()) return Status::invalid_argument("log.topic is empty");
  if (config.partitions < 1) return Status::invalid_argument("log.partitions must be >= 1");
  if (config.replication_factor < 1) {
    return Status::invalid_argument("log.replication_factor must be >= 1");
  }
  return Status::ok_status();
}

// Topic configs for topics sluice creates.
Properties topic_configs(const LogConfig& config) {
  Properties p;
  // With three replicas or more, an acknowledged write survives the loss of one broker.
  if (config.replication_factor >= 3) p["min.insync.replicas"] = "2";
  return p;
}

}  // namespace

Result<std::unique_ptr<KafkaLog>> KafkaLog::open(const LogConfig& config) {
  SLUICE_RETURN_IF_ERROR(check_config(config));
  SLUICE_ASSIGN_OR_RETURN(Properties props, client_properties(config, ClientRole::kAdmin, {}));
  SLUICE_ASSIGN_OR_RETURN(ConfPtr conf, make_conf(props));
  SLUICE_ASSIGN_OR_RETURN(KafkaPtr admin, new_client(std::move(conf), RD_KAFKA_PRODUCER));

  TopicSpec data{config.topic, config.partitions, config.replication_factor, topic_configs(config)};
  data.configs["retention.ms"] = std::to_string(config.retention_ms);
  data.configs["retention.bytes"] = std::to_string(config.retention_bytes);
  SLUICE_ASSIGN_OR_RETURN(int partitions, ensure_topic(admin.get(), data, kAdminTimeoutMs));
  if (partitions < config.partitions) {
    return Status::invalid_argument(fmt::format(
        "topic '{}' has {} partitions, fewer than the {} that log.partitions asks for: add "
        "partitions to the topic (kafka-topics.sh --alter --partitions {}; keys then move to "
        "other partitions) or set log.partitions to {}",
        config.topic, partitions, config.partitions, config.partitions, partitions));
  }

  // One partition: the newest record of a pipeline's key is its cursor; compaction keeps that.
  TopicSpec cursors{cursor_topic_name(config), 1, config.replication_factor, topic_configs(config)};
  cursors.configs["cleanup.policy"] = "compact";
  cursors.configs["segment.bytes"] = std::to_string(1 << 20);  // compaction skips the newest
  SLUICE_RETURN_IF_ERROR(ensure_topic(admin.get(), cursors, kAdminTimeoutMs).status());
  return std::unique_ptr<KafkaLog>(new KafkaLog(config, partitions));
}

Result<std::unique_ptr<LogWriter>> KafkaLog::open_writer() {
  SLUICE_ASSIGN_OR_RETURN(auto writer, KafkaWriter::open(config_, partitions_));
  writer->set_probe(probe_.load());
  return std::unique_ptr<LogWriter>(std::move(writer));
}

Result<std::unique_ptr<LogConsumer>> KafkaLog::open_consumer(const std::string& group) {
  SLUICE_ASSIGN_OR_RETURN(auto consumer, KafkaConsumer::open(config_, partitions_, group));
  return std::unique_ptr<LogConsumer>(std::move(consumer));
}

Result<std::string> KafkaLog::read_cursor() {
  SLUICE_ASSIGN_OR_RETURN(auto found,
                          kafka::read_cursor(config_, cursor_key(config_), kCursorReadTimeoutMs));
  return found.value_or("");
}

Result<std::map<int, int64_t>> KafkaLog::readable_ends() {
  return offsets_.readable_ends(kCursorReadTimeoutMs);
}

Result<std::map<int, int64_t>> KafkaLog::group_offsets(const std::string& group) {
  return offsets_.group_offsets(group, kCursorReadTimeoutMs);
}

}  // namespace sluice::kafka
