#include "log/kafka/kafka_admin.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "log/kafka/kafka_refusal.h"

namespace sluice::kafka {
namespace {

using Clock = std::chrono::steady_clock;

struct AdminOptionsDeleter {
  void operator()(rd_kafka_AdminOptions_t* o) const { rd_kafka_AdminOptions_destroy(o); }
  void operator()(rd_kafka_NewTopic_t* t) const { rd_kafka_NewTopic_destroy(t); }
};

Status create_topic(rd_kafka_t* rk, const TopicSpec& spec, int timeout_ms) {
  char errstr[512];
  std::unique_ptr<rd_kafka_NewTopic_t, AdminOptionsDeleter> topic(rd_kafka_NewTopic_new(
      spec.name.c_str(), spec.partitions, spec.replication_factor, errstr, sizeof(errstr)));
  if (topic == nullptr) {
    return Status::invalid_argument(fmt::format("topic '{}': {}", spec.name, errstr));
  }
  for (const auto& [name, value] : spec.configs) {
    SLUICE_RETURN_IF_ERROR(
        kafka_status(rd_kafka_NewTopic_set_config(topic.get(), name.c_str(), value.c_str()),
                     fmt::format("topic '{}' config {}", spec.name, name)));
  }
  std::unique_ptr<rd_kafka_AdminOptions_t, AdminOptionsDeleter> options(
      rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS));
  // Wait until the controller has made the topic, not just accepted the request.
  SLUICE_RETURN_IF_ERROR(kafka_status(rd_kafka_AdminOptions_set_operation_timeout(
                                          options.get(), timeout_ms, errstr, sizeof(errstr)),
                                      "admin options"));
  QueuePtr queue(rd_kafka_queue_new(rk));
  rd_kafka_NewTopic_t* topics[] = {topic.get()};
  rd_kafka_CreateTopics(rk, topics, 1, options.get(), queue.get());
  EventPtr event(rd_kafka_queue_poll(queue.get(), timeout_ms + 5000));
  const std::string what = fmt::format("creating topic '{}'", spec.name);
  if (event == nullptr) return Status::timeout(what + ": no answer from the cluster");
  if (rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status(kafka_status(rd_kafka_event_error(event.get()), what).code(),
                  fmt::format("{}: {}", what, rd_kafka_event_error_string(event.get())));
  }
  size_t n = 0;
  const rd_kafka_topic_result_t** results =
      rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event.get()), &n);
  for (size_t i = 0; i < n; ++i) {
    const rd_kafka_resp_err_t err = rd_kafka_topic_result_error(results[i]);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR || err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
      continue;
    }
    const char* detail = rd_kafka_topic_result_error_string(results[i]);
    return Status(kafka_status(err, what).code(),
                  fmt::format("{}: {}", what, detail != nullptr ? detail : rd_kafka_err2str(err)));
  }
  spdlog::info("kafka: created topic '{}' ({} partitions, replication factor {})", spec.name,
               spec.partitions, spec.replication_factor);
  return Status::ok_status();
}

}  // namespace

Result<int> topic_partitions(rd_kafka_t* rk, const std::string& topic, int timeout_ms) {
  TopicPtr rkt(rd_kafka_topic_new(rk, topic.c_str(), nullptr));
  if (rkt == nullptr) {
    return kafka_status(rd_kafka_last_error(), fmt::format("topic handle for '{}'", topic));
  }
  // Asked in slices, the first of a second, each twice the last (a slow broker still gets
  // the time to answer): between them, a broker that refused the login or the TLS handshake
  // ends the wait with its reason (kafka_refusal.h) instead of a timeout.
  int slice_ms = 1000;
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  const rd_kafka_metadata_t* raw = nullptr;
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
  while (true) {
    const auto slice_start = Clock::now();
    err = rd_kafka_metadata(rk, 0, rkt.get(), &raw,
                            std::max(1, std::min(slice_ms, remaining_ms(deadline))));
    slice_ms *= 2;
    const bool waiting = err == RD_KAFKA_RESP_ERR__TIMED_OUT || err == RD_KAFKA_RESP_ERR__TRANSPORT;
    if (!waiting) break;
    if (std::optional<std::string> why = refusal(rk)) {
      return Status::invalid_argument(
          fmt::format("metadata of topic '{}': the broker refused this client (check log.brokers, "
                      "security.protocol, the SASL user and password, ssl.ca.location): {}",
                      topic, *why));
    }
    if (remaining_ms(deadline) == 0) break;
    // No busy loop when librdkafka answers a transport error at once.
    std::this_thread::sleep_until(slice_start + std::chrono::milliseconds(100));
  }
  MetadataPtr md(raw);
  SLUICE_RETURN_IF_ERROR(kafka_status(err, fmt::format("metadata of topic '{}'", topic)));
  for (int i = 0; i < md->topic_cnt; ++i) {
    const rd_kafka_metadata_topic_t& t = md->topics[i];
    if (topic != t.topic) continue;
    if (t.err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) {
      return Status::not_found(fmt::format("topic '{}' does not exist", topic));
    }
    SLUICE_RETURN_IF_ERROR(kafka_status(t.err, fmt::format("metadata of topic '{}'", topic)));
    return t.partition_cnt;
  }
  return Status::not_found(fmt::format("topic '{}' does not exist", topic));
}

Result<int> ensure_topic(rd_kafka_t* rk, const TopicSpec& spec, int timeout_ms) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  Result<int> count = topic_partitions(rk, spec.name, timeout_ms);
  if (count.ok() || count.status().code() != StatusCode::kNotFound) return count;
  SLUICE_RETURN_IF_ERROR(create_topic(rk, spec, timeout_ms));
  // Metadata reaches every broker shortly after the controller made the topic.
  while (true) {
    count = topic_partitions(rk, spec.name, std::max(1000, remaining_ms(deadline)));
    const bool settling = !count.ok() && (count.status().code() == StatusCode::kNotFound ||
                                          count.status().code() == StatusCode::kUnavailable);
    if (!settling || remaining_ms(deadline) == 0) return count;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace sluice::kafka
