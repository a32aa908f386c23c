// The Kafka keys of `log:`: replication_factor, librdkafka properties under kafka.properties
// (or the older kafka_options), each error with its line and key and never a value.
#include <gtest/gtest.h>

#include <string>

#include "config_test_util.h"
#include "core/config.h"

namespace sluice {
namespace {

using testing::kMinimalConfig;
using testing::single_error;

std::string with(const std::string& more) {
  return std::string(kMinimalConfig) + more;
}

TEST(ConfigKafka, PropertiesReplicationFactorAndThePipelineName) {
  setenv("SLUICE_TEST_SASL_PASSWORD", "s3cret", 1);
  PipelineConfig c =
      load_config_from_string(with("log:\n"
                                   "  kind: kafka\n"
                                   "  brokers: 127.0.0.1:9092\n"
                                   "  partitions: 6\n"
                                   "  replication_factor: 3\n"
                                   "  kafka:\n"
                                   "    properties:\n"
                                   "      security.protocol: sasl_ssl\n"
                                   "      sasl.password: ${SLUICE_TEST_SASL_PASSWORD}\n"
                                   "      linger.ms: 20\n"),
                              "x");
  unsetenv("SLUICE_TEST_SASL_PASSWORD");
  EXPECT_EQ(c.log.replication_factor, 3);
  EXPECT_EQ(c.log.partitions, 6);
  EXPECT_EQ(c.log.topic, "user_profile_stream");
  EXPECT_EQ(c.log.pipeline, "demo");
  EXPECT_EQ(c.log.kafka_options.at("security.protocol"), "sasl_ssl");
  EXPECT_EQ(c.log.kafka_options.at("sasl.password"), "s3cret");
  EXPECT_EQ(c.log.kafka_options.at("linger.ms"), "20");
}

TEST(ConfigKafka, DefaultReplicationFactorIsOne) {
  PipelineConfig c = load_config_from_string(kMinimalConfig, "x");
  EXPECT_EQ(c.log.replication_factor, 1);
}

TEST(ConfigKafka, PropertiesMustBeAMapping) {
  ConfigError e = single_error(
      with("log:\n  kind: kafka\n  brokers: b:9092\n  kafka:\n    properties: [acks]\n"));
  EXPECT_EQ(e.line, 18);
  EXPECT_EQ(e.key, "log.kafka.properties");
  EXPECT_NE(e.message.find("mapping of librdkafka properties"), std::string::npos) << e.message;
}

TEST(ConfigKafka, APropertyValueMustBeAScalarAndIsNotEchoed) {
  ConfigError e =
      single_error(with("log:\n  kind: kafka\n  brokers: b:9092\n  kafka:\n    properties:\n"
                        "      sasl.password: {nested: hunter2}\n"));
  EXPECT_EQ(e.line, 19);
  EXPECT_EQ(e.key, "log.kafka.properties.sasl.password");
  EXPECT_EQ(e.message.find("hunter2"), std::string::npos) << e.message;
}

TEST(ConfigKafka, UnknownKeyUnderKafka) {
  ConfigError e =
      single_error(with("log:\n  kind: kafka\n  brokers: b:9092\n  kafka:\n    propertes: {}\n"));
  EXPECT_EQ(e.line, 18);
  EXPECT_EQ(e.key, "log.kafka.propertes");
}

TEST(ConfigKafka, PropertiesGivenTwiceIsAnError) {
  ConfigError e = single_error(
      with("log:\n  kind: kafka\n  brokers: b:9092\n  kafka:\n    properties: {acks: all}\n"
           "  kafka_options: {linger.ms: 5}\n"));
  EXPECT_EQ(e.line, 19);
  EXPECT_EQ(e.key, "log.kafka_options");
}

TEST(ConfigKafka, DeadLetterTopicIsOffUnlessNamed) {
  EXPECT_EQ(load_config_from_string(kMinimalConfig, "x").log.dead_letter_topic, "");
  PipelineConfig c = load_config_from_string(
      with("log:\n  kind: kafka\n  brokers: b:9092\n  dead_letter_topic: rejected\n"), "x");
  EXPECT_EQ(c.log.dead_letter_topic, "rejected");
}

TEST(ConfigKafka, DeadLetterTopicMustDifferFromTheLogTopic) {
  ConfigError e = single_error(
      with("log:\n  kind: kafka\n  brokers: b:9092\n  topic: t\n  dead_letter_topic: t\n"));
  EXPECT_EQ(e.line, 18);
  EXPECT_EQ(e.key, "log.dead_letter_topic");
  EXPECT_NE(e.message.find("must differ"), std::string::npos) << e.message;
}

TEST(ConfigKafka, DeadLetterTopicNeedsTheKafkaLog) {
  ConfigError e = single_error(with("log:\n  kind: embedded\n  dead_letter_topic: t\n"));
  EXPECT_EQ(e.line, 16);
  EXPECT_EQ(e.key, "log.dead_letter_topic");
  EXPECT_NE(e.message.find("kind: kafka"), std::string::npos) << e.message;
}

TEST(ConfigKafka, ReplicationFactorRange) {
  ConfigError e =
      single_error(with("log:\n  kind: kafka\n  brokers: b:9092\n  replication_factor: 0\n"));
  EXPECT_EQ(e.line, 17);
  EXPECT_EQ(e.key, "log.replication_factor");
}

}  // namespace
}  // namespace sluice
