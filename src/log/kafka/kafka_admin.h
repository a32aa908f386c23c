// Topic metadata and creation through librdkafka's Admin API, for KafkaLog::open().
// Blocking calls, bounded by their timeout; thread-safe as the client handle is.
#pragma once

#include <string>

#include "core/status.h"
#include "log/kafka/kafka_conf.h"

namespace sluice::kafka {

struct TopicSpec {
  std::string name;
  int partitions = 1;
  int replication_factor = 1;
  Properties configs;  // topic configs for a new topic (cleanup.policy, ...)
};

// The topic's partition count; kNotFound when the topic does not exist.
Result<int> topic_partitions(rd_kafka_t* rk, const std::string& topic, int timeout_ms);

// Creates the topic as `spec` says when it does not exist (another client creating it at the
// same moment is fine) and returns its partition count as the cluster reports it.
Result<int> ensure_topic(rd_kafka_t* rk, const TopicSpec& spec, int timeout_ms);

}  // namespace sluice::kafka
