#include "log/kafka/kafka_cursor.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <string_view>

#include "log/kafka/kafka_conf.h"
#include "log/kafka/kafka_offsets.h"

namespace sluice::kafka {
namespace {

using Clock = std::chrono::steady_clock;

std::string_view key_of(const rd_kafka_message_t& m) {
  if (m.key == nullptr) return {};
  return {static_cast<const char*>(m.key), m.key_len};
}

// The value of the last record under `key` among offsets [start, end) of partition 0.
Result<std::optional<std::string>> scan(rd_kafka_t* rk, const std::string& topic,
                                        const std::string& key, int64_t start, int64_t end,
                                        Clock::time_point deadline) {
  PartitionListPtr list(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), 0)->offset = start;
  SLUICE_RETURN_IF_ERROR(kafka_status(rd_kafka_assign(rk, list.get()), "reading " + topic));
  std::optional<std::string> found;
  int64_t stable_end = -1;  // where the reader last found nothing more it may read
  while (true) {
    MessagePtr m(rd_kafka_consumer_poll(rk, std::min(remaining_ms(deadline), 200)));
    if (m == nullptr) {
      if (remaining_ms(deadline) > 0) continue;
      if (stable_end >= 0) {
        return Status::unavailable(
            fmt::format("reading {}: an open transaction at offset {} hides the newest cursors",
                        topic, stable_end));
      }
      return Status::timeout(fmt::format("reading {}: no answer from the cluster", topic));
    }
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      if (m->offset >= end) return found;
      stable_end = m->offset;  // a transaction still open: wait for it to end
      continue;
    }
    if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (read_error_is_final(rk, m->err)) return kafka_status(m->err, "reading " + topic);
      continue;  // transient (a broker away): librdkafka retries
    }
    if (m->offset >= end) return found;
    if (key_of(*m) == key) found.emplace(static_cast<const char*>(m->payload), m->len);
  }
}

}  // namespace

std::string cursor_topic_name(const LogConfig& config) {
  return config.topic + ".cursors";
}

std::string cursor_key(const LogConfig& config) {
  return config.pipeline.empty() ? config.topic : config.pipeline;
}

Result<std::optional<std::string>> read_cursor(const LogConfig& config, const std::string& key,
                                               int timeout_ms) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  const std::string topic = cursor_topic_name(config);
  // A group id only because librdkafka's consumer wants one: the reader assigns, never joins.
  SLUICE_ASSIGN_OR_RETURN(
      Properties props,
      client_properties(config, ClientRole::kCursorReader, {{"group.id", "sluice-cursor-reader"}}));
  SLUICE_ASSIGN_OR_RETURN(ConfPtr conf, make_conf(props));
  SLUICE_ASSIGN_OR_RETURN(KafkaPtr rk, new_client(std::move(conf), RD_KAFKA_CONSUMER));
  // The end is the high watermark (watermark_client() says why not the last stable offset).
  SLUICE_ASSIGN_OR_RETURN(KafkaPtr end_rk, watermark_client(config));
  SLUICE_ASSIGN_OR_RETURN(auto marks, watermarks(end_rk.get(), topic, 1, deadline));
  end_rk.reset();
  const auto [low, high] = marks.at(0);
  // Newest first: [end - window, end), then the windows below it, each 8 times larger.
  int64_t end = high;
  int64_t window = 64;
  Result<std::optional<std::string>> found = std::optional<std::string>();
  while (end > low) {
    const int64_t start = std::max(low, end - window);
    found = scan(rk.get(), topic, key, start, end, deadline);
    if (!found.ok() || found->has_value()) break;
    end = start;
    window *= 8;
  }
  rd_kafka_consumer_close(rk.get());
  return found;
}

}  // namespace sluice::kafka
