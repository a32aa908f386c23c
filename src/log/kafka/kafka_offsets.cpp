#include "log/kafka/kafka_offsets.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <optional>

#include "log/kafka/kafka_conf.h"

namespace sluice::kafka {
namespace {

using Clock = std::chrono::steady_clock;

// Low and high watermarks per partition, asked by a read_uncommitted client: a read_committed
// one is told the last stable offset, which stops short of a transaction still writing its
// markers, and the scan below would then miss records that are committed.
Result<std::map<int, std::pair<int64_t, int64_t>>> watermarks(const LogConfig& config,
                                                              int partitions,
                                                              Clock::time_point deadline) {
  SLUICE_ASSIGN_OR_RETURN(Properties props, client_properties(config, ClientRole::kAdmin, {}));
  props["isolation.level"] = "read_uncommitted";
  SLUICE_ASSIGN_OR_RETURN(ConfPtr conf, make_conf(props));
  SLUICE_ASSIGN_OR_RETURN(KafkaPtr rk, new_client(std::move(conf), RD_KAFKA_CONSUMER));
  std::map<int, std::pair<int64_t, int64_t>> out;
  for (int p = 0; p < partitions; ++p) {
    int64_t low = 0;
    int64_t high = 0;
    SLUICE_RETURN_IF_ERROR(
        kafka_status(rd_kafka_query_watermark_offsets(rk.get(), config.topic.c_str(), p, &low,
                                                      &high, remaining_ms(deadline)),
                     fmt::format("end offsets of {} [{}]", config.topic, p)));
    out[p] = {low, high};
  }
  return out;
}

// The offset after the last record a read_committed reader finds in [start, end) of one
// partition, or nullopt when it finds none.
Result<std::optional<int64_t>> last_record_end(rd_kafka_t* rk, const std::string& topic,
                                               int partition, int64_t start, int64_t end,
                                               Clock::time_point deadline) {
  PartitionListPtr list(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), partition)->offset = start;
  SLUICE_RETURN_IF_ERROR(kafka_status(rd_kafka_assign(rk, list.get()), "reading " + topic));
  std::optional<int64_t> found;
  while (true) {
    MessagePtr m(rd_kafka_consumer_poll(rk, std::min(remaining_ms(deadline), 200)));
    if (m == nullptr) {
      if (remaining_ms(deadline) > 0) continue;
      return Status::timeout(
          fmt::format("reading the end of {} [{}]: no answer in time", topic, partition));
    }
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      // Short of `end`: a transaction is still open; what it holds is not published yet.
      return found;
    }
    if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (read_error_is_final(rk, m->err)) return kafka_status(m->err, "reading " + topic);
      continue;  // transient (a broker away): librdkafka retries
    }
    if (m->offset >= end) return found;
    found = m->offset + 1;
  }
}

}  // namespace

Result<std::map<int, int64_t>> readable_ends(const LogConfig& config, int partitions,
                                             int timeout_ms) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  SLUICE_ASSIGN_OR_RETURN(auto marks, watermarks(config, partitions, deadline));
  SLUICE_ASSIGN_OR_RETURN(Properties props, client_properties(config, ClientRole::kCursorReader,
                                                              {{"group.id", "sluice-end-reader"}}));
  SLUICE_ASSIGN_OR_RETURN(ConfPtr conf, make_conf(props));
  SLUICE_ASSIGN_OR_RETURN(KafkaPtr rk, new_client(std::move(conf), RD_KAFKA_CONSUMER));
  std::map<int, int64_t> ends;
  Status status;
  for (const auto& [p, range] : marks) {
    // Newest first: the last 64 offsets, then windows below, each 8 times larger, so that a
    // run of aborted transactions does not hide the last committed record.
    const auto [low, high] = range;
    int64_t end = high;
    for (int64_t window = 64; end > low && status.ok(); window *= 8) {
      const int64_t start = std::max(low, end - window);
      auto found = last_record_end(rk.get(), config.topic, p, start, end, deadline);
      if (!found.ok()) {
        status = found.status();
      } else if (found->has_value()) {
        ends[p] = **found;
        break;
      }
      end = start;
    }
    if (!status.ok()) break;
  }
  rd_kafka_consumer_close(rk.get());
  if (!status.ok()) return status;
  return ends;
}

Result<std::map<int, int64_t>> group_offsets(const LogConfig& config, int partitions,
                                             const std::string& group, int timeout_ms) {
  // A consumer with the group's id that never subscribes: OffsetFetch goes to the group's
  // coordinator without a JoinGroup, so the group's members keep their partitions.
  SLUICE_ASSIGN_OR_RETURN(Properties props, client_properties(config, ClientRole::kCursorReader,
                                                              {{"group.id", group}}));
  SLUICE_ASSIGN_OR_RETURN(ConfPtr conf, make_conf(props));
  SLUICE_ASSIGN_OR_RETURN(KafkaPtr rk, new_client(std::move(conf), RD_KAFKA_CONSUMER));
  PartitionListPtr list(rd_kafka_topic_partition_list_new(partitions));
  for (int p = 0; p < partitions; ++p) {
    rd_kafka_topic_partition_list_add(list.get(), config.topic.c_str(), p)->offset =
        RD_KAFKA_OFFSET_INVALID;
  }
  rd_kafka_resp_err_t err = rd_kafka_committed(rk.get(), list.get(), timeout_ms);
  for (int i = 0; err == RD_KAFKA_RESP_ERR_NO_ERROR && i < list->cnt; ++i)
    err = list->elems[i].err;
  rd_kafka_consumer_close(rk.get());
  SLUICE_RETURN_IF_ERROR(
      kafka_status(err, fmt::format("committed offsets of group {} on {}", group, config.topic)));
  std::map<int, int64_t> out;
  for (int i = 0; i < list->cnt; ++i) {
    if (list->elems[i].offset >= 0) out[list->elems[i].partition] = list->elems[i].offset;
  }
  return out;
}

}  // namespace sluice::kafka
