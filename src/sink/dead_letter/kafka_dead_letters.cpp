#include "sink/dead_letter/kafka_dead_letters.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <array>
#include <chrono>
#include <string_view>
#include <utility>

#include "core/clock.h"
#include "log/kafka/kafka_admin.h"
#include "log/kafka/kafka_conf.h"

namespace sluice {

namespace {

constexpr int kAdminTimeoutMs = 30000;
constexpr int64_t kStalledAfterMs = 5000;
// How long the destructor lets dead letters still on their way finish before it drops them
// (their groups were never acknowledged, so a restart sends them again).
constexpr int kCloseFlushMs = 5000;

}  // namespace

// One submitted group: `remaining` parts (the wrapped sink's completion and each dead letter)
// settle in any order on any thread; the last one runs `done` with the first failure.
struct KafkaDeadLetters::Pending {
  SinkCompletion done;
  std::atomic<int64_t> remaining{0};
  std::mutex mu;
  Status first_failure;
};

KafkaDeadLetters::KafkaDeadLetters(const LogConfig& log, std::unique_ptr<Sink> inner)
    : log_(log), topic_(log.dead_letter_topic), inner_(std::move(inner)) {}

KafkaDeadLetters::~KafkaDeadLetters() {
  if (producer_ != nullptr) {
    rd_kafka_flush(producer_.get(), kCloseFlushMs);
    // Whatever is left fails its group (reported through the purge's delivery reports).
    rd_kafka_purge(producer_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
  }
  stop_ = true;
  if (poller_.joinable()) poller_.join();
  if (producer_ != nullptr) rd_kafka_poll(producer_.get(), 0);
}

Status KafkaDeadLetters::open() {
  SLUICE_RETURN_IF_ERROR(inner_->open());
  SLUICE_ASSIGN_OR_RETURN(
      auto properties, kafka::client_properties(log_, kafka::ClientRole::kDeadLetterProducer, {}));
  // The log's transactional.id, if the properties name one, belongs to ingest's producer.
  properties.erase("transactional.id");
  SLUICE_ASSIGN_OR_RETURN(auto conf, kafka::make_conf(properties));
  rd_kafka_conf_set_dr_msg_cb(conf.get(), on_delivery);
  rd_kafka_conf_set_opaque(conf.get(), this);
  SLUICE_ASSIGN_OR_RETURN(producer_, kafka::new_client(std::move(conf), RD_KAFKA_PRODUCER));

  // As many partitions as the log topic has, so the dead letters spread as the records did.
  int partitions = log_.partitions;
  auto found = kafka::topic_partitions(producer_.get(), log_.topic, kAdminTimeoutMs);
  if (found.ok()) partitions = *found;
  kafka::TopicSpec spec;
  spec.name = topic_;
  spec.partitions = partitions;
  spec.replication_factor = log_.replication_factor;
  spec.configs["retention.ms"] = std::to_string(log_.retention_ms);
  auto made = kafka::ensure_topic(producer_.get(), spec, kAdminTimeoutMs);
  if (!made.ok()) {
    return made.status().with_context(fmt::format("dead-letter topic {}", topic_));
  }
  topic_handle_.reset(rd_kafka_topic_new(producer_.get(), topic_.c_str(), nullptr));
  if (topic_handle_ == nullptr) {
    return kafka::kafka_status(rd_kafka_last_error(), fmt::format("dead-letter topic {}", topic_));
  }
  poller_ = std::thread([this] { serve_deliveries(); });
  spdlog::info("quarantined records also go to Kafka topic {} ({} partitions)", topic_, *made);
  return Status::ok_status();
}

void KafkaDeadLetters::serve_deliveries() {
  while (!stop_.load())
    rd_kafka_poll(producer_.get(), 100);
}

Status KafkaDeadLetters::submit(SinkGroup group, SinkCompletion done) {
  if (topic_handle_ == nullptr) {
    return Status::internal("submit() before open(): the dead-letter sink is not open");
  }
  {
    // Bounded like the wrapped sink: a group whose dead letters wait still counts.
    std::unique_lock lock(mu_);
    settled_.wait(lock, [&] { return groups_pending_ < inner_->max_in_flight(); });
    ++groups_pending_;
  }
  auto* pending = new Pending;
  pending->done = std::move(done);
  pending->remaining = 1 + static_cast<int64_t>(group.quarantine.size());
  // The rows move into the wrapped sink; the dead letters are produced after it took them
  // (librdkafka copies each one), so a group it refuses sends none.
  std::vector<QuarantineRow> rows = group.quarantine;
  Status taken =
      inner_->submit(std::move(group), [this, pending](const Status& s) { settle(pending, s); });
  if (!taken.ok()) {
    delete pending;
    std::lock_guard lock(mu_);
    --groups_pending_;
    settled_.notify_all();
    return taken;
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    Status produced = produce(rows[i], pending);
    if (!produced.ok()) {
      // This one and every later one will never report: settle them with the error.
      for (size_t j = i; j < rows.size(); ++j)
        settle(pending, produced);
      break;
    }
  }
  return Status::ok_status();
}

Status KafkaDeadLetters::produce(const QuarantineRow& row, Pending* pending) {
  const std::string reasons = reasons_to_json(row.reasons);
  const std::string partition = std::to_string(row.position.partition);
  const std::string offset = std::to_string(row.position.offset);
  const std::string ingested = std::to_string(row.ingested_at_ms);
  const std::array<std::pair<const char*, std::string_view>, 6> fields = {{
      {"sluice.reasons", reasons},
      {"sluice.source.topic", log_.topic},
      {"sluice.source.partition", partition},
      {"sluice.source.offset", offset},
      {"sluice.pipeline", log_.pipeline},
      {"sluice.ingested_at_ms", ingested},
  }};
  if (letters_out_.fetch_add(1) == 0) progress_ms_ = now_ms();
  while (true) {
    rd_kafka_headers_t* headers = rd_kafka_headers_new(fields.size());
    for (const auto& [name, value] : fields)
      rd_kafka_header_add(headers, name, -1, value.data(), static_cast<ssize_t>(value.size()));
    const rd_kafka_resp_err_t err = rd_kafka_producev(
        producer_.get(), RD_KAFKA_V_RKT(topic_handle_.get()),
        // A record without a key gets a null key, not an empty one.
        RD_KAFKA_V_KEY(row.key.empty() ? nullptr : row.key.data(), row.key.size()),
        RD_KAFKA_V_VALUE(const_cast<char*>(row.raw.data()), row.raw.size()),
        RD_KAFKA_V_TIMESTAMP(row.ingested_at_ms), RD_KAFKA_V_HEADERS(headers),
        RD_KAFKA_V_OPAQUE(pending), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return Status::ok_status();  // owns the headers now
    rd_kafka_headers_destroy(headers);
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      letters_out_.fetch_sub(1);
      return kafka::kafka_status(
          err, fmt::format("producing the dead letter of {}:{} to {}", row.position.partition,
                           row.position.offset, topic_));
    }
    // The producer's queue is full (Kafka away, or slower than the quarantine): the poller
    // makes room as reports arrive.
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void KafkaDeadLetters::on_delivery(rd_kafka_t* /*rk*/, const rd_kafka_message_t* msg,
                                   void* opaque) {
  auto* self = static_cast<KafkaDeadLetters*>(opaque);
  auto* pending = static_cast<Pending*>(msg->_private);
  self->letters_out_.fetch_sub(1);
  self->progress_ms_ = now_ms();
  Status status = Status::ok_status();
  if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    status =
        kafka::kafka_status(msg->err, fmt::format("delivering a dead letter to {}", self->topic_));
  }
  self->settle(pending, status);
}

void KafkaDeadLetters::settle(Pending* pending, const Status& status) {
  if (!status.ok()) {
    std::lock_guard lock(pending->mu);
    if (pending->first_failure.ok()) pending->first_failure = status;
  }
  if (pending->remaining.fetch_sub(1) != 1) return;
  Status result;
  {
    std::lock_guard lock(pending->mu);
    result = pending->first_failure;
  }
  pending->done(result);
  delete pending;
  std::lock_guard lock(mu_);
  --groups_pending_;
  settled_.notify_all();
}

void KafkaDeadLetters::drain() {
  inner_->drain();
  std::unique_lock lock(mu_);
  settled_.wait(lock, [&] { return groups_pending_ == 0; });
}

std::string KafkaDeadLetters::unreachable() const {
  std::string inner = inner_->unreachable();
  if (!inner.empty()) return inner;
  const int64_t out = letters_out_.load();
  const int64_t quiet_ms = now_ms() - progress_ms_.load();
  if (out == 0 || quiet_ms < kStalledAfterMs) return {};
  return fmt::format("dead-letter topic {}: {} dead letters unacknowledged for {} s", topic_, out,
                     quiet_ms / 1000);
}

}  // namespace sluice
