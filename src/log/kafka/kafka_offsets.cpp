#include "log/kafka/kafka_offsets.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <optional>

#include "log/kafka/kafka_conf.h"

namespace sluice::kafka {
namespace {

using Clock = std::chrono::steady_clock;

// A consumer client (never subscribed) with `role`'s properties and `overrides` on top.
Result<KafkaPtr> reader_client(const LogConfig& config, ClientRole role, const Properties& fixed,
                               const Properties& overrides = {}) {
  SLUICE_ASSIGN_OR_RETURN(Properties props, client_properties(config, role, fixed));
  for (const auto& [name, value] : overrides)
    props[name] = value;
  SLUICE_ASSIGN_OR_RETURN(ConfPtr conf, make_conf(props));
  return new_client(std::move(conf), RD_KAFKA_CONSUMER);
}

void close_consumer(KafkaPtr* rk) {
  if (*rk != nullptr) rd_kafka_consumer_close(rk->get());
  rk->reset();
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

Result<KafkaPtr> watermark_client(const LogConfig& config) {
  return reader_client(config, ClientRole::kAdmin, {}, {{"isolation.level", "read_uncommitted"}});
}

Result<std::map<int, std::pair<int64_t, int64_t>>> watermarks(rd_kafka_t* rk,
                                                              const std::string& topic,
                                                              int partitions,
                                                              Clock::time_point deadline) {
  std::map<int, std::pair<int64_t, int64_t>> out;
  for (int p = 0; p < partitions; ++p) {
    int64_t low = 0;
    int64_t high = 0;
    SLUICE_RETURN_IF_ERROR(kafka_status(
        rd_kafka_query_watermark_offsets(rk, topic.c_str(), p, &low, &high, remaining_ms(deadline)),
        fmt::format("end offsets of {} [{}]", topic, p)));
    out[p] = {low, high};
  }
  return out;
}

OffsetsReader::~OffsetsReader() {
  drop_clients();
}

void OffsetsReader::drop_clients() {
  close_consumer(&watermark_client_);
  close_consumer(&tail_reader_);
  close_consumer(&group_reader_);
  group_reader_group_.clear();
}

Result<std::map<int, int64_t>> OffsetsReader::readable_ends(int timeout_ms) {
  std::lock_guard lock(mutex_);
  auto ends = read_ends(timeout_ms);
  if (!ends.ok()) drop_clients();
  return ends;
}

Result<std::map<int, int64_t>> OffsetsReader::group_offsets(const std::string& group,
                                                            int timeout_ms) {
  std::lock_guard lock(mutex_);
  auto offsets = read_group(group, timeout_ms);
  if (!offsets.ok()) drop_clients();
  return offsets;
}

Result<std::map<int, int64_t>> OffsetsReader::read_ends(int timeout_ms) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  if (watermark_client_ == nullptr) {
    SLUICE_ASSIGN_OR_RETURN(watermark_client_, watermark_client(config_));
  }
  SLUICE_ASSIGN_OR_RETURN(
      auto marks, watermarks(watermark_client_.get(), config_.topic, partitions_, deadline));
  if (tail_reader_ == nullptr) {
    SLUICE_ASSIGN_OR_RETURN(tail_reader_, reader_client(config_, ClientRole::kCursorReader,
                                                        {{"group.id", "sluice-end-reader"}}));
  }
  std::map<int, int64_t> ends;
  for (const auto& [p, range] : marks) {
    // Newest first: the last 64 offsets, then windows below, each 8 times larger, so that a
    // run of aborted transactions does not hide the last committed record.
    const auto [low, high] = range;
    int64_t end = high;
    for (int64_t window = 64; end > low; window *= 8) {
      const int64_t start = std::max(low, end - window);
      SLUICE_ASSIGN_OR_RETURN(
          auto found, last_record_end(tail_reader_.get(), config_.topic, p, start, end, deadline));
      if (found.has_value()) {
        ends[p] = *found;
        break;
      }
      end = start;
    }
  }
  // Fetching stops until the next look: an assigned reader would keep its partition's tail
  // prefetched all the while.
  rd_kafka_assign(tail_reader_.get(), nullptr);
  return ends;
}

Result<std::map<int, int64_t>> OffsetsReader::read_group(const std::string& group, int timeout_ms) {
  // A consumer with the group's id that never subscribes: OffsetFetch goes to the group's
  // coordinator without a JoinGroup, so the group's members keep their partitions. One group
  // at a time is kept (a pipeline has one).
  if (group_reader_ == nullptr || group_reader_group_ != group) {
    close_consumer(&group_reader_);
    SLUICE_ASSIGN_OR_RETURN(
        group_reader_, reader_client(config_, ClientRole::kCursorReader, {{"group.id", group}}));
    group_reader_group_ = group;
  }
  PartitionListPtr list(rd_kafka_topic_partition_list_new(partitions_));
  for (int p = 0; p < partitions_; ++p) {
    rd_kafka_topic_partition_list_add(list.get(), config_.topic.c_str(), p)->offset =
        RD_KAFKA_OFFSET_INVALID;
  }
  rd_kafka_resp_err_t err = rd_kafka_committed(group_reader_.get(), list.get(), timeout_ms);
  for (int i = 0; err == RD_KAFKA_RESP_ERR_NO_ERROR && i < list->cnt; ++i)
    err = list->elems[i].err;
  SLUICE_RETURN_IF_ERROR(
      kafka_status(err, fmt::format("committed offsets of group {} on {}", group, config_.topic)));
  std::map<int, int64_t> out;
  for (int i = 0; i < list->cnt; ++i) {
    if (list->elems[i].offset >= 0) out[list->elems[i].partition] = list->elems[i].offset;
  }
  return out;
}

}  // namespace sluice::kafka
