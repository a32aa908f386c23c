// The dead-letter wrapper (src/sink/dead_letter/kafka_dead_letters.h) against the real Kafka of
// scripts/services/kafka (KAFKA_HOST, KAFKA_PORT), driven by
// tests/services/test_kafka_dead_letters.py. It wraps a MemorySink, so it must pass the Sink
// contract suite like any sink; then what only it does: every quarantine row becomes a message
// with the raw record and its reasons in headers, and a dead letter Kafka refuses for good
// fails its group instead of vanishing.
#include "sink/dead_letter/kafka_dead_letters.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "../unit/contract/sink_contract.h"
#include "kafka_test_util.h"
#include "log/kafka/kafka_admin.h"
#include "log/kafka/kafka_conf.h"
#include "sink/memory/memory_sink.h"

namespace sluice::contract {
namespace {

LogConfig dead_letter_config() {
  LogConfig c = testing::kafka_config(testing::unique_name("dl-log"), 2);
  c.dead_letter_topic = testing::unique_name("dl-dead");
  return c;
}

// A MemorySink inside the dead-letter wrapper; read_back() reads the first one made.
class DeadLetterFactory {
 public:
  static constexpr bool kDurable = false;

  explicit DeadLetterFactory(const Schema& schema) : schema_(schema) {}

  std::unique_ptr<Sink> make() {
    auto memory = std::make_unique<MemorySink>(schema_);
    if (memory_ == nullptr) memory_ = memory.get();
    return std::make_unique<KafkaDeadLetters>(config_, std::move(memory));
  }

  Tables read_back() const { return memory_tables(*memory_); }

 private:
  const Schema& schema_;
  const LogConfig config_ = dead_letter_config();
  MemorySink* memory_ = nullptr;
};

INSTANTIATE_TYPED_TEST_SUITE_P(DeadLetters, SinkContract, ::testing::Types<DeadLetterFactory>);
// Nothing here is durable by itself: the wrapped MemorySink is not.
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(DurableSinkContract);

// ---- What the topic holds ----

struct Letter {
  std::string key;
  std::string value;
  int64_t timestamp_ms = 0;
  std::map<std::string, std::string> headers;
};

// Every message of `topic` (all partitions, from the start), read until `want` arrived or 30 s.
std::vector<Letter> read_topic(const LogConfig& config, const std::string& topic, size_t want) {
  auto props = kafka::client_properties(config, kafka::ClientRole::kCursorReader,
                                        {{"group.id", "sluice-dead-letter-test"}});
  EXPECT_TRUE(props.ok()) << props.status().to_string();
  props->erase("isolation.level");  // the dead-letter producer is not transactional
  auto conf = kafka::make_conf(*props);
  auto rk = kafka::new_client(std::move(conf).value(), RD_KAFKA_CONSUMER);
  EXPECT_TRUE(rk.ok()) << rk.status().to_string();
  auto partitions = kafka::topic_partitions(rk->get(), topic, 10000);
  EXPECT_TRUE(partitions.ok()) << partitions.status().to_string();
  kafka::PartitionListPtr list(rd_kafka_topic_partition_list_new(*partitions));
  for (int p = 0; p < *partitions; ++p)
    rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p)->offset =
        RD_KAFKA_OFFSET_BEGINNING;
  EXPECT_EQ(rd_kafka_assign(rk->get(), list.get()), RD_KAFKA_RESP_ERR_NO_ERROR);
  std::vector<Letter> out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (out.size() < want && std::chrono::steady_clock::now() < deadline) {
    kafka::MessagePtr msg(rd_kafka_consumer_poll(rk->get(), 200));
    if (msg == nullptr || msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
    Letter l;
    l.key.assign(static_cast<const char*>(msg->key), msg->key_len);
    l.value.assign(static_cast<const char*>(msg->payload), msg->len);
    l.timestamp_ms = rd_kafka_message_timestamp(msg.get(), nullptr);
    rd_kafka_headers_t* headers = nullptr;
    if (rd_kafka_message_headers(msg.get(), &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      const char* name = nullptr;
      const void* value = nullptr;
      size_t size = 0;
      for (size_t i = 0;
           rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
           ++i) {
        l.headers[name] = std::string(static_cast<const char*>(value), size);
      }
    }
    out.push_back(std::move(l));
  }
  rd_kafka_consumer_close(rk->get());
  return out;
}

Schema user_schema() {
  return Schema{{{"username", FieldType::kText}, {"email", FieldType::kText}}, "username"};
}

TEST(DeadLetters, EveryQuarantineRowBecomesAMessageWithItsReasons) {
  const LogConfig config = dead_letter_config();
  const Schema schema = user_schema();
  auto memory = std::make_unique<MemorySink>(schema);
  MemorySink* stored = memory.get();
  KafkaDeadLetters sink(config, std::move(memory));
  ASSERT_TRUE(sink.open().ok());
  SinkGroup group;
  for (int i = 0; i < 5; ++i) {
    QuarantineRow row;
    row.position = {i % 2, 100 + i};
    row.key = i == 4 ? "" : "user" + std::to_string(i);  // a record without a key too
    row.raw = R"({"login":{"username":"user)" + std::to_string(i) + R"("}})";
    row.reasons = {{"email_format", "email 'x' does not match"}, {"required", "email missing"}};
    row.ingested_at_ms = 1700000000000 + i;
    group.quarantine.push_back(row);
  }
  Status done = write_and_wait(&sink, group);
  ASSERT_TRUE(done.ok()) << done.to_string();
  EXPECT_EQ(stored->quarantined().size(), 5U) << "the wrapped sink got the rows too";
  EXPECT_EQ(sink.unreachable(), "");

  std::vector<Letter> letters = read_topic(config, config.dead_letter_topic, 5);
  ASSERT_EQ(letters.size(), 5U);
  std::map<std::string, const Letter*> by_offset;
  for (const Letter& l : letters)
    by_offset[l.headers.count("sluice.source.offset") ? l.headers.at("sluice.source.offset") : ""] =
        &l;
  ASSERT_EQ(by_offset.size(), 5U) << "each row once";
  for (const QuarantineRow& row : group.quarantine) {
    const Letter& l = *by_offset.at(std::to_string(row.position.offset));
    EXPECT_EQ(l.value, row.raw);
    EXPECT_EQ(l.key, row.key);
    EXPECT_EQ(l.timestamp_ms, row.ingested_at_ms);
    EXPECT_EQ(l.headers.at("sluice.reasons"), reasons_to_json(row.reasons));
    EXPECT_EQ(l.headers.at("sluice.source.partition"), std::to_string(row.position.partition));
    EXPECT_EQ(l.headers.at("sluice.source.topic"), config.topic);
    EXPECT_EQ(l.headers.at("sluice.pipeline"), config.pipeline);
    EXPECT_EQ(l.headers.at("sluice.ingested_at_ms"), std::to_string(row.ingested_at_ms));
  }
}

TEST(DeadLetters, ALetterKafkaRefusesForGoodFailsItsGroup) {
  const LogConfig config = dead_letter_config();
  // The topic exists already and takes nothing over 2 KB.
  {
    auto props = kafka::client_properties(config, kafka::ClientRole::kAdmin, {});
    auto rk = kafka::new_client(kafka::make_conf(*props).value(), RD_KAFKA_PRODUCER);
    ASSERT_TRUE(rk.ok()) << rk.status().to_string();
    kafka::TopicSpec spec{config.dead_letter_topic, 1, 1, {{"max.message.bytes", "2048"}}};
    auto made = kafka::ensure_topic(rk->get(), spec, 30000);
    ASSERT_TRUE(made.ok()) << made.status().to_string();
  }
  const Schema schema = user_schema();
  KafkaDeadLetters sink(config, std::make_unique<MemorySink>(schema));
  ASSERT_TRUE(sink.open().ok());
  QuarantineRow row;
  row.position = {0, 7};
  row.key = "big";
  std::mt19937 rng(7);
  for (int i = 0; i < 100000; ++i)  // random letters: lz4 cannot squeeze them under 2 KB
    row.raw += static_cast<char>('a' + rng() % 26);
  row.reasons = {{"parse", "too big to be a profile"}};
  Status done = write_and_wait(&sink, SinkGroup{{}, {row}, false});
  ASSERT_FALSE(done.ok()) << "a dead letter that was never stored acknowledged its group";
  EXPECT_NE(done.message().find(config.dead_letter_topic), std::string::npos) << done.message();
}

}  // namespace
}  // namespace sluice::contract
