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
  PipelineConfig c = load_config_from_string(with("log:\n"
                                                  "  kind: kafka\n"
                                                  "  brokers: 127.0.0.1:9092\n"
                                                  "  partitions: 6\n"
                                                  "  replication_factor: 3\n"
                                                  "  kafka:\n"
                                                  "    properties:\n"
                                                  "      security.protocol: sasl_ssl\n"
                                                  "      ssl.ca.location: ''\n"
                                                  "      linger.ms: 20\n"
                                                  "    properties_from_files:\n"
                                                  "      sasl.password: /run/kafka.password\n"
                                                  "    properties_from_env:\n"
                                                  "      ssl.key.password: KAFKA_KEY_PASSWORD\n"),
                                             "x");
  EXPECT_EQ(c.log.replication_factor, 3);
  EXPECT_EQ(c.log.partitions, 6);
  EXPECT_EQ(c.log.topic, "user_profile_stream");
  EXPECT_EQ(c.log.pipeline, "demo");
  EXPECT_EQ(c.log.kafka_options.at("security.protocol"), "sasl_ssl");
  EXPECT_EQ(c.log.kafka_options.at("linger.ms"), "20");
  // Empty: left at librdkafka's default, so that ${VAR:-} switches a property off.
  EXPECT_EQ(c.log.kafka_options.count("ssl.ca.location"), 0U);
  EXPECT_EQ(c.log.kafka_property_files.at("sasl.password"), "/run/kafka.password");
  EXPECT_EQ(c.log.kafka_property_env.at("ssl.key.password"), "KAFKA_KEY_PASSWORD");
}

TEST(ConfigKafka, ASecretPropertyIsRefusedEvenFromTheEnvironmentAndNeverEchoed) {
  setenv("SLUICE_TEST_SASL_PASSWORD", "s3cret-value", 1);
  for (const char* line : {"      sasl.password: hunter2-value\n",
                           "      sasl.password: ${SLUICE_TEST_SASL_PASSWORD}\n",
                           "      SSL.KEY.PASSWORD: hunter2-value\n"}) {
    ConfigError e = single_error(with(std::string("log:\n  kind: kafka\n  brokers: b:9092\n"
                                                  "  kafka:\n    properties:\n") +
                                      line));
    EXPECT_EQ(e.line, 19) << line;
    EXPECT_NE(e.message.find("never written in the config"), std::string::npos) << e.message;
    EXPECT_NE(e.message.find("log.kafka.properties_from_files"), std::string::npos) << e.message;
    EXPECT_EQ(e.message.find("hunter2"), std::string::npos) << e.message;
    EXPECT_EQ(e.message.find("s3cret"), std::string::npos) << e.message;
  }
  unsetenv("SLUICE_TEST_SASL_PASSWORD");
}

TEST(ConfigKafka, PropertiesFromEnvNameAVariableNotAValue) {
  ConfigError e =
      single_error(with("log:\n  kind: kafka\n  brokers: b:9092\n  kafka:\n"
                        "    properties_from_env:\n"
                        "      sasl.password: hunter2 value\n"));
  EXPECT_EQ(e.line, 19);
  EXPECT_EQ(e.key, "log.kafka.properties_from_env.sasl.password");
  EXPECT_EQ(e.message.find("hunter2"), std::string::npos) << e.message;
}

TEST(ConfigKafka, APropertyComesFromOnePlaceOnly) {
  ConfigError e =
      single_error(with("log:\n  kind: kafka\n  brokers: b:9092\n  kafka:\n"
                        "    properties: {sasl.username: u}\n"
                        "    properties_from_files: {sasl.username: /f}\n"));
  EXPECT_EQ(e.line, 19);
  EXPECT_EQ(e.key, "log.kafka.properties_from_files.sasl.username");
  EXPECT_NE(e.message.find("give each property once"), std::string::npos) << e.message;
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
      single_error(with("log:\n  kind: kafka\n  brokers: b:9092\n  kafka:\n"
                        "    properties_from_files:\n"
                        "      sasl.password: {nested: hunter2}\n"));
  EXPECT_EQ(e.line, 19);
  EXPECT_EQ(e.key, "log.kafka.properties_from_files.sasl.password");
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
