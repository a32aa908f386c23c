#include "log/kafka/kafka_consumer.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <thread>

namespace sluice::kafka {
namespace {

constexpr int kRoundTripTimeoutMs = 10000;

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool cooperative(rd_kafka_t* rk) {
  return std::strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
}

// Errors worth another commit attempt: the group is moving or its coordinator is. Not
// ILLEGAL_GENERATION: librdkafka 2.0.2 declares the assignment lost on it (kafka_conf.cpp).
bool commit_retriable(rd_kafka_resp_err_t err) {
  return err == RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS ||
         err == RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE ||
         err == RD_KAFKA_RESP_ERR_NOT_COORDINATOR ||
         err == RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS ||
         err == RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT || err == RD_KAFKA_RESP_ERR__TRANSPORT ||
         err == RD_KAFKA_RESP_ERR__TIMED_OUT || err == RD_KAFKA_RESP_ERR__WAIT_COORD;
}

// The first per-partition error of a list, or none.
rd_kafka_resp_err_t first_error(const rd_kafka_topic_partition_list_t& list) {
  for (int i = 0; i < list.cnt; ++i) {
    if (list.elems[i].err != RD_KAFKA_RESP_ERR_NO_ERROR) return list.elems[i].err;
  }
  return RD_KAFKA_RESP_ERR_NO_ERROR;
}

}  // namespace

KafkaConsumer::KafkaConsumer(std::string topic, int partitions)
    : topic_(std::move(topic)), partitions_(partitions) {}

Result<std::unique_ptr<KafkaConsumer>> KafkaConsumer::open(const LogConfig& config, int partitions,
                                                           const std::string& group) {
  if (group.empty()) return Status::invalid_argument("a consumer group needs a name");
  std::unique_ptr<KafkaConsumer> c(new KafkaConsumer(config.topic, partitions));
  SLUICE_ASSIGN_OR_RETURN(Properties props,
                          client_properties(config, ClientRole::kConsumer, {{"group.id", group}}));
  SLUICE_ASSIGN_OR_RETURN(ConfPtr conf, make_conf(props));
  rd_kafka_conf_set_rebalance_cb(conf.get(), &KafkaConsumer::rebalance_cb);
  rd_kafka_conf_set_error_cb(conf.get(), &KafkaConsumer::error_cb);
  rd_kafka_conf_set_opaque(conf.get(), c.get());
  SLUICE_ASSIGN_OR_RETURN(c->rk_, new_client(std::move(conf), RD_KAFKA_CONSUMER));
  c->queue_.reset(rd_kafka_queue_get_consumer(c->rk_.get()));
  return c;
}

KafkaConsumer::~KafkaConsumer() {
  queue_.reset();  // a queue reference held past rd_kafka_destroy() would keep it waiting
  if (rk_ == nullptr) return;
  if (subscribed_ && !closed_) {
    quiet_ = true;  // the listener may be gone already
    rd_kafka_consumer_close(rk_.get());
  }
  rk_.reset();
}

Status KafkaConsumer::subscribe(RebalanceListener* listener) {
  if (subscribed_) return Status::invalid_argument("consumer is already subscribed");
  listener_ = listener;
  // Errors and rebalances all come through rd_kafka_consumer_poll().
  rd_kafka_poll_set_consumer(rk_.get());
  PartitionListPtr topics(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(topics.get(), topic_.c_str(), RD_KAFKA_PARTITION_UA);
  SLUICE_RETURN_IF_ERROR(
      kafka_status(rd_kafka_subscribe(rk_.get(), topics.get()), "subscribing to " + topic_));
  subscribed_ = true;
  settle_until_ms_ = steady_ms() + kSettleMs;
  return Status::ok_status();
}

void KafkaConsumer::rebalance_cb(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                                 rd_kafka_topic_partition_list_t* partitions, void* opaque) {
  auto* self = static_cast<KafkaConsumer*>(opaque);
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    self->on_assign(partitions);
  } else if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
    self->on_revoke(partitions);
  } else {
    // A failed rebalance: librdkafka wants the assignment cleared; the group assigns again.
    spdlog::error("kafka: rebalance of {} failed: {}", self->topic_, rd_kafka_err2str(err));
    self->forget(self->assignment());
    rd_kafka_assign(rk, nullptr);
  }
}

void KafkaConsumer::on_assign(rd_kafka_topic_partition_list_t* partitions) {
  std::vector<int> ids;
  for (int i = 0; !closing_ && i < partitions->cnt; ++i) {
    if (topic_ == partitions->elems[i].topic) ids.push_back(partitions->elems[i].partition);
  }
  {
    std::lock_guard lock(assignment_mu_);
    assigned_.insert(ids.begin(), ids.end());
  }
  for (int p : ids)
    positions_[p] = Position{};
  joined_ = true;
  settle_until_ms_ = steady_ms() + kSettleMs;
  start_offsets_.clear();
  if (listener_ != nullptr && !quiet_ && !ids.empty()) {
    assigning_ = true;
    listener_->on_assigned(ids);
    assigning_ = false;
  }
  // librdkafka starts a new assignment where the list says: seek()s made in on_assigned go in
  // it (a seek on a partition that is not fetching yet may be overtaken by the committed offset).
  PartitionListPtr start(rd_kafka_topic_partition_list_copy(partitions));
  for (int i = 0; i < start->cnt; ++i) {
    auto it = start_offsets_.find(start->elems[i].partition);
    if (it != start_offsets_.end() && topic_ == start->elems[i].topic) {
      start->elems[i].offset = it->second;
    }
  }
  Status s = cooperative(rk_.get())
                 ? kafka_status(rd_kafka_incremental_assign(rk_.get(), start.get()), "assigning")
                 : kafka_status(rd_kafka_assign(rk_.get(), start.get()), "assigning");
  if (!s.ok()) spdlog::error("kafka: {} partitions of {}: {}", ids.size(), topic_, s.to_string());
  if (!ids.empty()) spdlog::debug("kafka: assigned {} partitions of {}", ids.size(), topic_);
}

void KafkaConsumer::on_revoke(rd_kafka_topic_partition_list_t* partitions) {
  std::vector<int> ids;  // those the listener has not been told of yet (close() tells first)
  {
    std::lock_guard lock(assignment_mu_);
    for (int i = 0; i < partitions->cnt; ++i) {
      const rd_kafka_topic_partition_t& tp = partitions->elems[i];
      if (topic_ == tp.topic && assigned_.count(tp.partition) != 0) ids.push_back(tp.partition);
    }
  }
  if (rd_kafka_assignment_lost(rk_.get())) {
    spdlog::warn(
        "kafka: {} partitions of {} were lost (the group moved on without this member): "
        "their offsets can no longer be committed from here",
        ids.size(), topic_);
  }
  forget(ids);
  Status s = cooperative(rk_.get())
                 ? kafka_status(rd_kafka_incremental_unassign(rk_.get(), partitions), "revoking")
                 : kafka_status(rd_kafka_assign(rk_.get(), nullptr), "revoking");
  if (!s.ok()) spdlog::error("kafka: {} partitions of {}: {}", ids.size(), topic_, s.to_string());
}

void KafkaConsumer::forget(const std::vector<int>& ids) {
  // Still assigned while the listener commits what is durable.
  if (listener_ != nullptr && !quiet_ && !ids.empty()) listener_->on_revoked(ids);
  {
    std::scoped_lock lock(commit_mu_, assignment_mu_);
    for (int p : ids)
      assigned_.erase(p);
  }
  {
    std::lock_guard lock(lag_mu_);
    for (int p : ids)
      lag_.erase(p);
  }
  for (int p : ids) {
    positions_.erase(p);
    revoked_in_poll_.insert(p);
  }
}

Status KafkaConsumer::take(const rd_kafka_message_t& msg, std::vector<LogBatch>* out,
                           size_t* taken) {
  if (msg.err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
    if (unreachable_set_.load(std::memory_order_relaxed)) set_unreachable("");
    auto it = positions_.find(msg.partition);
    if (it != positions_.end()) it->second = Position{msg.offset, true};
    return Status::ok_status();
  }
  if (msg.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    char reason[512];
    const rd_kafka_resp_err_t fatal = rd_kafka_fatal_error(rk_.get(), reason, sizeof(reason));
    if (fatal != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return Status::internal(fmt::format("the Kafka consumer failed for good: {}", reason));
    }
    Status s = kafka_status(msg.err, "consuming " + topic_);
    if (s.code() == StatusCode::kInvalidArgument) return s;  // a missing topic, no rights
    if (s.code() == StatusCode::kUnavailable || s.code() == StatusCode::kTimeout) {
      set_unreachable(s.message());
    }
    // Brokers away and the like: librdkafka retries by itself. Said once per kind of error.
    if (msg.err != last_warning_) {
      spdlog::warn("kafka: {} (retrying)", s.message());
      last_warning_ = msg.err;
    }
    return Status::ok_status();
  }
  last_warning_ = RD_KAFKA_RESP_ERR_NO_ERROR;
  if (unreachable_set_.load(std::memory_order_relaxed)) set_unreachable("");
  auto it = positions_.find(msg.partition);
  if (it == positions_.end() || msg.rkt == nullptr || topic_ != rd_kafka_topic_name(msg.rkt)) {
    return Status::ok_status();  // not ours (any more)
  }
  it->second = Position{msg.offset + 1, false};
  auto batch = std::find_if(out->begin(), out->end(),
                            [&](const LogBatch& b) { return b.partition == msg.partition; });
  if (batch == out->end()) batch = out->insert(out->end(), LogBatch{msg.partition, {}});
  LogEntry& e = batch->entries.emplace_back();
  e.offset = msg.offset;
  e.timestamp_ms = rd_kafka_message_timestamp(&msg, nullptr);
  if (msg.key != nullptr) e.key.assign(static_cast<const char*>(msg.key), msg.key_len);
  if (msg.payload != nullptr) e.value.assign(static_cast<const char*>(msg.payload), msg.len);
  ++*taken;
  return Status::ok_status();
}

bool KafkaConsumer::settled() const {
  if (!joined_) return false;
  for (const auto& [p, pos] : positions_) {
    if (pos.next < 0) return false;
    if (pos.at_end) continue;
    int64_t low = 0;
    int64_t high = 0;
    rd_kafka_get_watermark_offsets(rk_.get(), topic_.c_str(), p, &low, &high);
    // No fetch has answered yet (a position set by seek(), as a replay does): the end is not
    // known, so an empty poll proves nothing.
    if (high < 0) return false;
    if (high > pos.next) return false;  // records are coming
  }
  return true;
}

void KafkaConsumer::wake_fetcher_if_starved() {
  // Once per few milliseconds at most: the answer takes about a round trip, and the fetch it
  // sets off one more.
  constexpr int64_t kWakeEveryMs = 5;
  const int64_t now = steady_ms();
  if (now - last_wake_ms_ < kWakeEveryMs || rd_kafka_queue_length(queue_.get()) > 0) return;
  // The query below waits for a partition leader past its timeout while the brokers are away.
  if (unreachable_set_.load(std::memory_order_relaxed)) return;
  for (const auto& [p, pos] : positions_) {
    int64_t low = 0;
    int64_t high = 0;
    rd_kafka_get_watermark_offsets(rk_.get(), topic_.c_str(), p, &low, &high);
    if (pos.next < 0 || pos.at_end || high <= pos.next) continue;  // nothing is coming
    last_wake_ms_ = now;
    // The answer only refreshes the cached end offset; the request is what matters.
    rd_kafka_query_watermark_offsets(rk_.get(), topic_.c_str(), p, &low, &high,
                                     kRoundTripTimeoutMs);
  }
}

Result<std::vector<LogBatch>> KafkaConsumer::poll(size_t max_records, int timeout_ms) {
  if (!subscribed_ || closed_) return Status::invalid_argument("poll() before subscribe()");
  std::vector<LogBatch> out;
  size_t taken = 0;
  const int64_t deadline = steady_ms() + std::max(0, timeout_ms);
  revoked_in_poll_.clear();
  while (taken < max_records) {
    int wait = 0;
    if (taken == 0) {
      const int64_t until = settled() ? deadline : std::max(deadline, settle_until_ms_);
      wait = static_cast<int>(std::clamp<int64_t>(until - steady_ms(), 0, 100));
      if (wait > 0) wake_fetcher_if_starved();
    }
    MessagePtr msg(rd_kafka_consumer_poll(rk_.get(), wait));
    if (!revoked_in_poll_.empty()) {
      // Given up meanwhile: the next owner reads these from the committed offset.
      std::erase_if(out, [&](const LogBatch& b) {
        if (revoked_in_poll_.count(b.partition) == 0) return false;
        taken -= b.entries.size();
        return true;
      });
      revoked_in_poll_.clear();
    }
    if (msg == nullptr) {
      if (taken > 0) break;
      const int64_t now = steady_ms();
      if (now >= deadline && (now >= settle_until_ms_ || settled())) break;
      continue;
    }
    SLUICE_RETURN_IF_ERROR(take(*msg, &out, &taken));
  }
  // Records keep coming: the wait for the rest is counted from now (a slow broker is not an
  // idle one).
  if (taken > 0) settle_until_ms_ = std::max(settle_until_ms_, steady_ms() + kSettleMs);
  refresh_lag();
  return out;
}

// librdkafka 2.0.2 serves client-level errors (a broker connection refused, all brokers down)
// through this callback inside rd_kafka_consumer_poll(), not as error messages.
void KafkaConsumer::error_cb(rd_kafka_t* /*rk*/, int err, const char* reason, void* opaque) {
  auto* self = static_cast<KafkaConsumer*>(opaque);
  const auto code = static_cast<rd_kafka_resp_err_t>(err);
  spdlog::debug("kafka: consumer of {}: {}: {}", self->topic_, rd_kafka_err2str(code), reason);
  // A refused or failed connection, or every broker down; not an idle connection the broker
  // closed (that is "Disconnected", and librdkafka reconnects when it needs to).
  const std::string_view why = reason;
  const bool away = code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN ||
                    (code == RD_KAFKA_RESP_ERR__TRANSPORT && why.find("failed") != why.npos) ||
                    code == RD_KAFKA_RESP_ERR__RESOLVE;
  if (away) self->set_unreachable(fmt::format("kafka brokers unreachable: {}", reason));
}

void KafkaConsumer::set_unreachable(std::string why) const {
  std::lock_guard lock(unreachable_mu_);
  unreachable_set_ = !why.empty();
  unreachable_ = std::move(why);
}

std::string KafkaConsumer::unreachable() const {
  probe_reachability();
  std::lock_guard lock(unreachable_mu_);
  return unreachable_;
}

void KafkaConsumer::probe_reachability() const {
  constexpr int64_t kProbeEveryMs = 2000;
  constexpr int kProbeTimeoutMs = 500;
  std::unique_lock lock(probe_mu_, std::try_to_lock);
  if (!lock.owns_lock() || rk_ == nullptr) return;
  const int64_t now = steady_ms();
  if (now - last_probe_ms_ < kProbeEveryMs) return;
  last_probe_ms_ = now;
  // A metadata request of the brokers alone: it keeps to its timeout with every broker down
  // (a watermark query waits for a partition leader well past its own).
  const rd_kafka_metadata_t* metadata = nullptr;
  const rd_kafka_resp_err_t err =
      rd_kafka_metadata(rk_.get(), 0, nullptr, &metadata, kProbeTimeoutMs);
  if (metadata != nullptr) rd_kafka_metadata_destroy(metadata);
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    set_unreachable("");
  } else {
    set_unreachable(kafka_status(err, "kafka brokers unreachable: asking for metadata").message());
  }
}

void KafkaConsumer::refresh_lag() {
  std::map<int, int64_t> lag;
  for (const auto& [p, pos] : positions_) {
    int64_t low = RD_KAFKA_OFFSET_INVALID;
    int64_t high = RD_KAFKA_OFFSET_INVALID;
    rd_kafka_get_watermark_offsets(rk_.get(), topic_.c_str(), p, &low, &high);
    int64_t from = pos.next >= 0 ? pos.next : low;
    lag[p] = (high >= 0 && from >= 0) ? std::max<int64_t>(0, high - from) : 0;
  }
  std::lock_guard lock(lag_mu_);
  lag_ = std::move(lag);
}

std::map<int, int64_t> KafkaConsumer::lag() const {
  std::lock_guard lock(lag_mu_);
  return lag_;
}

std::vector<int> KafkaConsumer::assignment() const {
  std::lock_guard lock(assignment_mu_);
  return {assigned_.begin(), assigned_.end()};
}

Status KafkaConsumer::check_assigned(int partition) const {
  std::lock_guard lock(assignment_mu_);
  if (assigned_.count(partition) == 0) {
    return Status::invalid_argument(
        fmt::format("partition {} is not assigned to this consumer", partition));
  }
  return Status::ok_status();
}

PartitionListPtr KafkaConsumer::partition_list(const std::map<int, int64_t>& offsets) const {
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size())));
  for (const auto& [p, offset] : offsets)
    rd_kafka_topic_partition_list_add(list.get(), topic_.c_str(), p)->offset = offset;
  return list;
}

Status KafkaConsumer::commit(const std::map<int, int64_t>& next_offsets) {
  if (!subscribed_) return Status::invalid_argument("commit() before subscribe()");
  if (next_offsets.empty()) return Status::ok_status();
  // Held across the round trip: a revocation waits for it, so no commit lands after the
  // partition was given up.
  std::lock_guard commit_lock(commit_mu_);
  for (const auto& [p, offset] : next_offsets)
    SLUICE_RETURN_IF_ERROR(check_assigned(p));
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(kRoundTripTimeoutMs);
  for (int backoff_ms = 50;; backoff_ms = std::min(backoff_ms * 2, 1000)) {
    PartitionListPtr list = partition_list(next_offsets);
    rd_kafka_resp_err_t err = rd_kafka_commit(rk_.get(), list.get(), 0);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) err = first_error(*list);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return Status::ok_status();
    if (err == RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID || err == RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION ||
        err == RD_KAFKA_RESP_ERR_FENCED_INSTANCE_ID) {
      // This member's session ran out (a broker outage longer than session.timeout.ms) while
      // the commit waited: the partitions are being taken away from it (kAborted, see
      // LogConsumer::commit).
      return Status::aborted(
          fmt::format("committing offsets of {}: {}: the group moved on "
                      "without this member",
                      topic_, rd_kafka_err2str(err)));
    }
    if (!commit_retriable(err) || remaining_ms(deadline) < backoff_ms) {
      return kafka_status(err, fmt::format("committing offsets of {}", topic_));
    }
    spdlog::debug("kafka: commit of {}: {}; retrying", topic_, rd_kafka_err2str(err));
    std::this_thread::sleep_for(std::chrono::milliseconds(backoff_ms));
  }
}

Result<std::map<int, int64_t>> KafkaConsumer::committed(const std::vector<int>& partitions) {
  if (!subscribed_) return Status::invalid_argument("committed() before subscribe()");
  std::map<int, int64_t> out;
  if (partitions.empty()) return out;
  std::map<int, int64_t> ask;
  for (int p : partitions)
    ask[p] = RD_KAFKA_OFFSET_INVALID;
  PartitionListPtr list = partition_list(ask);
  rd_kafka_resp_err_t err = rd_kafka_committed(rk_.get(), list.get(), kRoundTripTimeoutMs);
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) err = first_error(*list);
  SLUICE_RETURN_IF_ERROR(kafka_status(err, "reading committed offsets of " + topic_));
  for (int i = 0; i < list->cnt; ++i) {
    if (list->elems[i].offset >= 0) out[list->elems[i].partition] = list->elems[i].offset;
  }
  return out;
}

Result<std::pair<int64_t, int64_t>> KafkaConsumer::watermarks(int partition) const {
  int64_t low = 0;
  int64_t high = 0;
  SLUICE_RETURN_IF_ERROR(
      kafka_status(rd_kafka_query_watermark_offsets(rk_.get(), topic_.c_str(), partition, &low,
                                                    &high, kRoundTripTimeoutMs),
                   fmt::format("offsets of {} [{}]", topic_, partition)));
  return std::make_pair(low, high);
}

Status KafkaConsumer::seek(int partition, int64_t offset) {
  SLUICE_RETURN_IF_ERROR(check_assigned(partition));
  SLUICE_ASSIGN_OR_RETURN(auto range, watermarks(partition));
  const int64_t target = std::clamp(offset, range.first, range.second);
  Position& pos = positions_[partition];
  if (assigning_) {
    start_offsets_[partition] = target;  // on_assign() starts the partition there
  } else {
    PartitionListPtr list = partition_list({{partition, target}});
    if (pos.next < 0 && cooperative(rk_.get())) {
      // Not fetching yet: librdkafka takes a start offset only with the assignment.
      SLUICE_RETURN_IF_ERROR(
          kafka_status(rd_kafka_incremental_unassign(rk_.get(), list.get()), "seeking"));
      SLUICE_RETURN_IF_ERROR(
          kafka_status(rd_kafka_incremental_assign(rk_.get(), list.get()), "seeking"));
    } else {
      SLUICE_RETURN_IF_ERROR(kafka_status(
          rd_kafka_seek_partitions(rk_.get(), list.get(), kRoundTripTimeoutMs), "seeking"));
      SLUICE_RETURN_IF_ERROR(kafka_status(first_error(*list), "seeking"));
    }
  }
  pos = Position{target, target >= range.second};
  std::lock_guard lock(lag_mu_);
  lag_[partition] = range.second - target;
  return Status::ok_status();
}

Result<int64_t> KafkaConsumer::offset_for_time(int partition, int64_t ts_ms) {
  if (partition < 0 || partition >= partitions_) {
    return Status::invalid_argument(
        fmt::format("partition {} does not exist (the log has {})", partition, partitions_));
  }
  PartitionListPtr list = partition_list({{partition, ts_ms}});
  rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(rk_.get(), list.get(), kRoundTripTimeoutMs);
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) err = first_error(*list);
  SLUICE_RETURN_IF_ERROR(kafka_status(err, fmt::format("offset for time in {}", topic_)));
  if (list->elems[0].offset >= 0) return list->elems[0].offset;
  SLUICE_ASSIGN_OR_RETURN(auto range, watermarks(partition));  // none that late: the end
  return range.second;
}

Status KafkaConsumer::close() {
  if (!subscribed_ || closed_) return Status::ok_status();
  // The listener hears of the revocation first, while this member surely still belongs to
  // the group, so that its commits land. Left to rd_kafka_consumer_close(), they may not:
  // librdkafka 2.0.2 serves a pending assignment event there as "unassign everything" and
  // sends LeaveGroup before the revocation reaches the listener (UNKNOWN_MEMBER_ID).
  closing_ = true;
  forget(assignment());
  // Serves what is pending (on_assign/on_revoke tell the listener nothing more now), leaves.
  const rd_kafka_resp_err_t err = rd_kafka_consumer_close(rk_.get());
  closed_ = true;
  positions_.clear();
  return kafka_status(err, "leaving the consumer group");
}

}  // namespace sluice::kafka
