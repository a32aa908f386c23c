// Owning wrappers for librdkafka's C handles, and the one mapping of its error codes to Status.
// Each pointer type frees its object with the matching rd_kafka_*_destroy. A KafkaPtr destroys
// the client: a consumer must be closed first (KafkaConsumer does), or librdkafka closes it.
#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace sluice::kafka {

struct KafkaDeleter {
  void operator()(rd_kafka_t* rk) const;  // also forgets its refusals (kafka_refusal.h)
  void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
  void operator()(rd_kafka_topic_t* rkt) const { rd_kafka_topic_destroy(rkt); }
  void operator()(rd_kafka_topic_partition_list_t* list) const {
    rd_kafka_topic_partition_list_destroy(list);
  }
  void operator()(rd_kafka_message_t* msg) const { rd_kafka_message_destroy(msg); }
  void operator()(rd_kafka_error_t* error) const { rd_kafka_error_destroy(error); }
  void operator()(rd_kafka_queue_t* queue) const { rd_kafka_queue_destroy(queue); }
  void operator()(rd_kafka_event_t* event) const { rd_kafka_event_destroy(event); }
  void operator()(const rd_kafka_metadata_t* md) const { rd_kafka_metadata_destroy(md); }
};

using KafkaPtr = std::unique_ptr<rd_kafka_t, KafkaDeleter>;
using ConfPtr = std::unique_ptr<rd_kafka_conf_t, KafkaDeleter>;
using TopicPtr = std::unique_ptr<rd_kafka_topic_t, KafkaDeleter>;
using PartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, KafkaDeleter>;
using MessagePtr = std::unique_ptr<rd_kafka_message_t, KafkaDeleter>;
using ErrorPtr = std::unique_ptr<rd_kafka_error_t, KafkaDeleter>;
using QueuePtr = std::unique_ptr<rd_kafka_queue_t, KafkaDeleter>;
using EventPtr = std::unique_ptr<rd_kafka_event_t, KafkaDeleter>;
using MetadataPtr = std::unique_ptr<const rd_kafka_metadata_t, KafkaDeleter>;

// A Status for a librdkafka error code: transport, broker and timeout errors are retryable
// (kUnavailable, kTimeout), bad arguments and authorization failures are not.
// "<context>: <librdkafka's description>".
Status kafka_status(rd_kafka_resp_err_t err, std::string_view context);
// The same for an error object (transactional and other newer APIs); null is ok.
Status kafka_status(const rd_kafka_error_t* error, std::string_view context);

// For a reader of a topic by assignment: true when a consumed message's error will not pass by
// waiting (a fatal client error, a missing topic, no rights to read it); the others (a broker
// away) librdkafka retries by itself.
bool read_error_is_final(rd_kafka_t* rk, rd_kafka_resp_err_t err);

// Milliseconds left until `deadline` (0 once past), for librdkafka's timeout arguments.
int remaining_ms(std::chrono::steady_clock::time_point deadline);

}  // namespace sluice::kafka
