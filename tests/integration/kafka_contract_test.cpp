// The LogWriter + LogConsumer contract suite (tests/unit/contract/log_contract.h) on the Kafka
// log, against the real broker of scripts/services/kafka: $SLUICE_KAFKA_BROKERS (default
// 127.0.0.1:9092). Run by tests/services/test_kafka_contract.py; by hand:
//   scripts/services/kafka start && build/tests/integration_kafka_contract
// Every test gets a topic and consumer groups of its own (unique names), so runs never see
// each other's data. A broker that cannot be reached fails the test: KafkaLog::open() errs.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "../unit/contract/log_contract.h"
#include "kafka_test_util.h"
#include "log/kafka/kafka_log.h"

namespace sluice::contract {
namespace {

std::string contract_brokers() {
  const char* brokers = std::getenv("SLUICE_KAFKA_BROKERS");
  return brokers != nullptr && *brokers != '\0' ? brokers : "127.0.0.1:9092";
}

class KafkaLogFactory {
 public:
  // Kafka keeps records, cursors and committed offsets on the brokers: a reopened KafkaLog
  // (a restarted process) finds them all.
  static constexpr bool kDurable = true;
  // A new topic starts at offset 0.
  static constexpr int64_t kFirstOffset = 0;
  // Each transaction ends with a commit marker in every partition it wrote, and the marker
  // takes an offset: entries of consecutive publishes are one offset or more apart. (Within
  // one publish a partition's records are still consecutive: the markers come after them.)
  static constexpr bool kDenseOffsets = false;
  // Assignment is the group coordinator's: a join or leave takes a JoinGroup/SyncGroup round
  // with every member, each of which has to poll to take part, and a heartbeat to learn of it.
  static constexpr bool kAssignsInOnePoll = false;
  // sluice configures the eager roundrobin assignor (kafka_conf.cpp, docs/cluster.md "What
  // happens on a rebalance"): a rebalance revokes every member's partitions, then assigns
  // afresh, so a member also loses (and gets back) what stays with it.
  static constexpr bool kRevokesOnlyWhatMoves = false;
  // lag() is the high watermark minus the position, and the high watermark counts the
  // transaction markers past the position as well as entries.
  static constexpr bool kExactLag = false;
  // lag() makes no round trip: the high watermark it counts to comes with fetch responses,
  // which librdkafka's broker threads receive in the background. Until a fetch of a newly
  // assigned partition answers it counts nothing there, and a publish shows once a fetch saw it.
  static constexpr bool kLagKnownAtEachPoll = false;
  // A consumer at the end learns of new entries with its next fetch, a round trip (and up to
  // fetch.wait.max.ms) after the publish, not with its next poll.
  static constexpr bool kVisibleToTheNextPoll = false;

  Log* open() {
    log_.reset();
    auto log = kafka::KafkaLog::open(config_);
    EXPECT_TRUE(log.ok()) << "no Kafka log on " << config_.brokers
                          << " (is scripts/services/kafka up?): " << log.status().to_string();
    if (log.ok()) log_ = std::move(log).value();
    return log_.get();
  }
  // The same topic opened again, as after a restart.
  Log* reopen() { return open(); }

  // Group names are the brokers': each test's own, so that no run joins another's group.
  std::string group(const std::string& name) {
    auto [it, fresh] = groups_.emplace(name, "");
    if (fresh) it->second = testing::unique_name("contract-" + name);
    return it->second;
  }

 private:
  LogConfig config_ = [] {
    LogConfig c = testing::kafka_config(testing::unique_name("sluice-contract"), kPartitions);
    c.brokers = contract_brokers();  // kafka_config() keeps the topic's records (retention)
    return c;
  }();
  std::map<std::string, std::string> groups_;
  std::unique_ptr<Log> log_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(Kafka, LogContract, ::testing::Types<KafkaLogFactory>);

}  // namespace
}  // namespace sluice::contract

int main(int argc, char** argv) {
  // SLUICE_TEST_KAFKA_DEBUG=cgrp,fetch also turns librdkafka's debug output on (kafka_config).
  if (std::getenv("SLUICE_TEST_KAFKA_DEBUG") != nullptr) spdlog::set_level(spdlog::level::debug);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
