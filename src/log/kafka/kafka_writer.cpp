#include "log/kafka/kafka_writer.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/fault.h"
#include "log/kafka/kafka_cursor.h"
#include "log/probe.h"

namespace sluice::kafka {
namespace {

constexpr int kInitTimeoutMs = 30000;
// Delivery of a transaction's records before the commit; the transaction times out anyway.
constexpr int kFlushTimeoutMs = 60000;
constexpr int kCursorReadTimeoutMs = 30000;

bool is_fencing(rd_kafka_resp_err_t err) {
  return err == RD_KAFKA_RESP_ERR__FENCED || err == RD_KAFKA_RESP_ERR_PRODUCER_FENCED ||
         err == RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH;
}

}  // namespace

KafkaWriter::KafkaWriter(const LogConfig& config, int partitions, std::string transactional_id)
    : config_(config),
      partitions_(partitions),
      pipeline_(cursor_key(config)),
      transactional_id_(std::move(transactional_id)) {}

KafkaWriter::~KafkaWriter() {
  // An open transaction (a failed publish) ends here; the next ingest would end it anyway.
  if (producer_ != nullptr && in_transaction_ && fatal_.ok()) {
    ErrorPtr(rd_kafka_abort_transaction(producer_.get(), kInitTimeoutMs));
  }
}

Result<std::unique_ptr<KafkaWriter>> KafkaWriter::open(const LogConfig& config, int partitions) {
  const std::string pipeline = cursor_key(config);
  auto given = config.kafka_options.find("transactional.id");
  std::string txn_id = given != config.kafka_options.end()
                           ? given->second
                           : fmt::format("sluice-{}-ingest", pipeline);
  std::unique_ptr<KafkaWriter> w(new KafkaWriter(config, partitions, txn_id));
  SLUICE_ASSIGN_OR_RETURN(Properties props, client_properties(config, ClientRole::kProducer,
                                                              {{"transactional.id", txn_id}}));
  SLUICE_ASSIGN_OR_RETURN(ConfPtr conf, make_conf(props));
  rd_kafka_conf_set_dr_msg_cb(conf.get(), &KafkaWriter::on_delivery);
  rd_kafka_conf_set_opaque(conf.get(), w.get());
  SLUICE_ASSIGN_OR_RETURN(w->producer_, new_client(std::move(conf), RD_KAFKA_PRODUCER));
  w->topic_.reset(rd_kafka_topic_new(w->producer_.get(), config.topic.c_str(), nullptr));
  const std::string cursor_topic = cursor_topic_name(config);
  w->cursor_topic_.reset(rd_kafka_topic_new(w->producer_.get(), cursor_topic.c_str(), nullptr));
  if (w->topic_ == nullptr || w->cursor_topic_ == nullptr) {
    return kafka_status(rd_kafka_last_error(), "opening topic handles");
  }
  return w;
}

void KafkaWriter::on_delivery(rd_kafka_t* /*rk*/, const rd_kafka_message_t* msg, void* opaque) {
  auto* self = static_cast<KafkaWriter*>(opaque);
  if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR &&
      self->delivery_error_ == RD_KAFKA_RESP_ERR_NO_ERROR) {
    self->delivery_error_ = msg->err;
  }
}

int KafkaWriter::partition_for(std::string_view key) const {
  // murmur2 reads only the key; an empty key hashes as empty bytes, never as "no key".
  const char* data = key.empty() ? "" : key.data();
  return rd_kafka_msg_partitioner_murmur2(topic_.get(), data, key.size(), partitions_, nullptr,
                                          nullptr);
}

Status KafkaWriter::txn_error(rd_kafka_error_t* raw, std::string_view what) {
  ErrorPtr error(raw);
  if (error == nullptr) return Status::ok_status();
  if (!rd_kafka_error_is_fatal(error.get())) return kafka_status(error.get(), what);
  return fail_for_good(what);
}

Status KafkaWriter::fail_for_good(std::string_view what) {
  char reason[512] = "";
  const rd_kafka_resp_err_t err = rd_kafka_fatal_error(producer_.get(), reason, sizeof(reason));
  if (is_fencing(err)) {
    fatal_ = Status::aborted(fmt::format(
        "fenced by another ingest of pipeline {} (transactional.id {}): this one publishes no "
        "more",
        pipeline_, transactional_id_));
  } else {
    fatal_ = Status::internal(fmt::format("{}: the Kafka producer failed for good: {}", what,
                                          reason[0] != 0 ? reason : "unknown fatal error"));
  }
  in_transaction_ = false;
  spdlog::error("kafka: {}", fatal_.message());
  return fatal_;
}

Status KafkaWriter::init_transactions() {
  if (initialized_) return Status::ok_status();
  SLUICE_RETURN_IF_ERROR(
      txn_error(rd_kafka_init_transactions(producer_.get(), kInitTimeoutMs),
                fmt::format("initialising transactions ({})", transactional_id_)));
  initialized_ = true;
  return Status::ok_status();
}

Status KafkaWriter::produce(rd_kafka_topic_t* topic, int partition, std::string_view key,
                            std::string_view value, int64_t timestamp_ms) {
  while (true) {
    const rd_kafka_resp_err_t err =
        rd_kafka_producev(producer_.get(), RD_KAFKA_V_RKT(topic), RD_KAFKA_V_PARTITION(partition),
                          RD_KAFKA_V_KEY(key.data(), key.size()),
                          RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                          RD_KAFKA_V_TIMESTAMP(timestamp_ms),
                          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      return kafka_status(
          err, fmt::format("producing to {} [{}]", rd_kafka_topic_name(topic), partition));
    }
    rd_kafka_poll(producer_.get(), 50);  // serves delivery reports, making room
  }
}

Status KafkaWriter::produce_all(const std::vector<LogRecord>& records, std::string_view cursor) {
  for (const LogRecord& r : records) {
    SLUICE_RETURN_IF_ERROR(
        produce(topic_.get(), partition_for(r.key), r.key, r.value, r.timestamp_ms));
  }
  SLUICE_RETURN_IF_ERROR(produce(cursor_topic_.get(), 0, pipeline_, cursor, 0));
  // Delivered before the commit is asked for, so that the fault point below finds the
  // transaction's records on the brokers, as a crash at that moment would.
  const rd_kafka_resp_err_t flushed = rd_kafka_flush(producer_.get(), kFlushTimeoutMs);
  if (delivery_error_ != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return kafka_status(delivery_error_, "delivering the batch");
  }
  return kafka_status(flushed, "delivering the batch");
}

Status KafkaWriter::abort(Status cause) {
  if (!fatal_.ok()) return fatal_;
  // librdkafka 2.0.2 may end an abort with a fatal INVALID_TXN_STATE while records are still
  // queued (their partitions not yet added to the transaction): deliver them first.
  rd_kafka_flush(producer_.get(), kFlushTimeoutMs);
  Status aborted =
      txn_error(rd_kafka_abort_transaction(producer_.get(), -1), "aborting the transaction");
  if (!aborted.ok()) {
    if (!fatal_.ok()) return fatal_;
    // Still open: the next publish() aborts it first.
    spdlog::warn("kafka: {}", aborted.to_string());
    return cause;
  }
  in_transaction_ = false;
  return cause.with_context("transaction aborted, nothing of the batch is visible");
}

Status KafkaWriter::commit() {
  // Retriable failures (a coordinator moving, a timeout) resume the same commit.
  for (int attempt = 0;; ++attempt) {
    rd_kafka_error_t* raw = rd_kafka_commit_transaction(producer_.get(), -1);
    if (raw == nullptr) return Status::ok_status();
    const bool retriable = rd_kafka_error_is_retriable(raw) != 0;
    const bool requires_abort = rd_kafka_error_txn_requires_abort(raw) != 0;
    Status s = txn_error(raw, "committing the transaction");
    if (!fatal_.ok()) return fatal_;
    if (requires_abort) return abort(s);
    if (!retriable || attempt == 3) return s;  // still open: the next publish() aborts it
    spdlog::warn("kafka: {}; retrying the commit", s.to_string());
  }
}

Status KafkaWriter::publish(const std::vector<LogRecord>& records, std::string_view cursor) {
  if (!fatal_.ok()) return fatal_;
  SLUICE_RETURN_IF_ERROR(init_transactions());
  if (in_transaction_) {
    // A commit that failed without an answer: end it before anything new.
    SLUICE_RETURN_IF_ERROR(txn_error(rd_kafka_abort_transaction(producer_.get(), -1),
                                     "aborting the unfinished transaction"));
    in_transaction_ = false;
  }
  SLUICE_RETURN_IF_ERROR(
      txn_error(rd_kafka_begin_transaction(producer_.get()), "beginning a transaction"));
  in_transaction_ = true;
  delivery_error_ = RD_KAFKA_RESP_ERR_NO_ERROR;
  Status produced = produce_all(records, cursor);
  if (!produced.ok()) {
    // A fencing shows as a failed delivery first; the fatal error says what it was.
    if (rd_kafka_fatal_error(producer_.get(), nullptr, 0) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return fail_for_good("producing");
    }
    return abort(produced);
  }
  fault_point("kafka.after_produce_before_commit");
  SLUICE_RETURN_IF_ERROR(commit());
  in_transaction_ = false;
  if (probe_ != nullptr) probe_->appended(records);
  cursor_ = std::string(cursor);
  return Status::ok_status();
}

Result<std::string> KafkaWriter::last_cursor() {
  if (!fatal_.ok()) return fatal_;
  if (cursor_) return *cursor_;
  // Fence older ingests of this pipeline first: their open transactions end (committed ones
  // become visible), and none of them can commit a newer cursor after the read below.
  SLUICE_RETURN_IF_ERROR(init_transactions());
  SLUICE_ASSIGN_OR_RETURN(auto found, read_cursor(config_, pipeline_, kCursorReadTimeoutMs));
  cursor_ = found.value_or("");
  return *cursor_;
}

}  // namespace sluice::kafka
