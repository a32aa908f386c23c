// The Kafka clients' configuration (src/log/kafka/kafka_conf.h), without a broker: which
// properties sluice sets, which the user may override, which it refuses, and that no error
// shows a secret.
#include "log/kafka/kafka_conf.h"

#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <string>

namespace sluice::kafka {
namespace {

LogConfig config_with(Properties properties) {
  LogConfig c;
  c.kind = LogKind::kKafka;
  c.brokers = "127.0.0.1:9092";
  c.kafka_options = std::move(properties);
  return c;
}

TEST(KafkaConf, SecretsAreRecognisedByName) {
  for (const char* name :
       {"sasl.password", "ssl.key.password", "ssl.keystore.password", "ssl.key.pem",
        "sasl.oauthbearer.client.secret", "sasl.oauthbearer.config", "SASL.PASSWORD"}) {
    EXPECT_TRUE(is_secret_property(name)) << name;
  }
  for (const char* name : {"sasl.username", "ssl.key.location", "security.protocol",
                           "bootstrap.servers", "linger.ms", "sasl.mechanism"}) {
    EXPECT_FALSE(is_secret_property(name)) << name;
  }
}

TEST(KafkaConf, SecretPropertiesAreReadFromTheirFileOrVariableWhenAClientIsMade) {
  const std::string path = ::testing::TempDir() + "kafka_conf_password";
  {
    std::ofstream out(path);
    out << "from-the-file\r\nsecond line\n";
  }
  LogConfig c = config_with({{"sasl.username", "u"}});
  c.kafka_property_files["sasl.password"] = path;
  c.kafka_property_env["ssl.key.password"] = "KEY_PW";
  const EnvLookup env = [](const std::string& name) -> std::optional<std::string> {
    if (name == "KEY_PW") return "from-the-env";
    return std::nullopt;
  };
  auto p = client_properties(c, ClientRole::kProducer, {}, env);
  ASSERT_TRUE(p.ok()) << p.status().to_string();
  EXPECT_EQ(p->at("sasl.password"), "from-the-file");
  EXPECT_EQ(p->at("ssl.key.password"), "from-the-env");
  EXPECT_EQ(p->at("sasl.username"), "u");

  c.kafka_property_files["sasl.password"] = path + ".missing";
  p = client_properties(c, ClientRole::kProducer, {}, env);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(), "log.kafka.properties_from_files.sasl.password: cannot read " +
                                      path + ".missing: No such file or directory");

  c.kafka_property_files.clear();
  c.kafka_property_env["ssl.key.password"] = "UNSET_PW";
  p = client_properties(c, ClientRole::kConsumer, {}, env);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(),
            "log.kafka.properties_from_env.ssl.key.password: the environment variable UNSET_PW "
            "is not set or empty");
}

TEST(KafkaConf, ConsumersGetTheGuaranteesAndBoundedPrefetch) {
  auto p = client_properties(config_with({}), ClientRole::kConsumer, {{"group.id", "g"}});
  ASSERT_TRUE(p.ok()) << p.status().to_string();
  EXPECT_EQ(p->at("bootstrap.servers"), "127.0.0.1:9092");
  EXPECT_EQ(p->at("group.id"), "g");
  EXPECT_EQ(p->at("isolation.level"), "read_committed");
  EXPECT_EQ(p->at("enable.auto.commit"), "false");
  EXPECT_EQ(p->at("enable.auto.offset.store"), "false");
  EXPECT_EQ(p->at("partition.assignment.strategy"), "roundrobin");
  EXPECT_EQ(p->at("queued.max.messages.kbytes"), "4096");
  EXPECT_EQ(p->count("compression.type"), 0U) << "a producer property on a consumer";
}

TEST(KafkaConf, ProducersCompressAndUserPropertiesOverrideDefaults) {
  auto p = client_properties(
      config_with({{"compression.type", "zstd"}, {"sasl.username", "u"}, {"acks", "-1"}}),
      ClientRole::kProducer, {{"transactional.id", "sluice-p-ingest"}});
  ASSERT_TRUE(p.ok()) << p.status().to_string();
  EXPECT_EQ(p->at("compression.type"), "zstd");
  EXPECT_EQ(p->at("sasl.username"), "u");
  EXPECT_EQ(p->at("enable.idempotence"), "true");
  EXPECT_EQ(p->at("acks"), "all");
  EXPECT_EQ(p->at("transactional.id"), "sluice-p-ingest");
}

TEST(KafkaConf, DeadLetterProducersAreIdempotentAndNeverGiveUp) {
  auto p =
      client_properties(config_with({{"linger.ms", "50"}}), ClientRole::kDeadLetterProducer, {});
  ASSERT_TRUE(p.ok()) << p.status().to_string();
  EXPECT_EQ(p->at("enable.idempotence"), "true");
  EXPECT_EQ(p->at("acks"), "all");
  EXPECT_EQ(p->at("message.timeout.ms"), "0");
  EXPECT_EQ(p->at("linger.ms"), "50");
  EXPECT_EQ(p->count("transactional.id"), 0U);
  p = client_properties(config_with({{"acks", "1"}}), ClientRole::kDeadLetterProducer, {});
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("dead-letter"), std::string::npos) << p.status().message();
}

TEST(KafkaConf, APropertyThatWouldBreakAGuaranteeIsRefusedByName) {
  auto p = client_properties(config_with({{"enable.auto.commit", "true"}}), ClientRole::kConsumer,
                             {{"group.id", "g"}});
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(p.status().message().find("log.kafka.properties.enable.auto.commit"), std::string::npos)
      << p.status().message();
  p = client_properties(config_with({{"isolation.level", "read_uncommitted"}}),
                        ClientRole::kConsumer, {{"group.id", "g"}});
  EXPECT_FALSE(p.ok());
  p = client_properties(config_with({{"group.id", "other"}}), ClientRole::kConsumer,
                        {{"group.id", "g"}});
  EXPECT_FALSE(p.ok()) << "the group comes from process.group";
  // The same values, spelled as librdkafka also accepts them, are fine.
  p = client_properties(config_with({{"enable.auto.commit", "0"}}), ClientRole::kConsumer,
                        {{"group.id", "g"}});
  EXPECT_TRUE(p.ok()) << p.status().to_string();
}

TEST(KafkaConf, AGuaranteeIsCheckedWhereverThePropertyComesFrom) {
  const std::string path = ::testing::TempDir() + "kafka_conf_auto_commit";
  {
    std::ofstream out(path);
    out << "true\n";
  }
  LogConfig c = config_with({});
  c.kafka_property_files["enable.auto.commit"] = path;
  auto p = client_properties(c, ClientRole::kConsumer, {{"group.id", "g"}});
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(),
            "log.kafka.properties_from_files.enable.auto.commit: sluice needs 'false' here (its "
            "offset guarantees rest on it); remove the property");

  c = config_with({});
  c.kafka_property_env["acks"] = "ACKS";
  const EnvLookup env = [](const std::string& name) -> std::optional<std::string> {
    if (name == "ACKS") return "1";
    return std::nullopt;
  };
  p = client_properties(c, ClientRole::kProducer, {}, env);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("log.kafka.properties_from_env.acks"), std::string::npos)
      << p.status().message();
  // The value sluice needs, given from a variable, is accepted.
  const EnvLookup all = [](const std::string&) -> std::optional<std::string> { return "-1"; };
  p = client_properties(c, ClientRole::kProducer, {}, all);
  EXPECT_TRUE(p.ok()) << p.status().to_string();
}

TEST(KafkaConf, ARejectedPropertyIsNamedAndASecretValueNeverShown) {
  auto conf = make_conf({{"linger.ms", "soon"}});
  ASSERT_FALSE(conf.ok());
  EXPECT_NE(conf.status().message().find("log.kafka.properties.linger.ms"), std::string::npos)
      << conf.status().message();
  conf = make_conf({{"no.such.property", "x"}});
  ASSERT_FALSE(conf.ok());
  EXPECT_NE(conf.status().message().find("no.such.property"), std::string::npos);
  conf = make_conf({{"sasl.passwd", "hunter2"}});  // a misspelt secret
  ASSERT_FALSE(conf.ok());
  EXPECT_NE(conf.status().message().find("sasl.passwd"), std::string::npos);
  EXPECT_EQ(conf.status().message().find("hunter2"), std::string::npos) << conf.status().message();
  EXPECT_TRUE(make_conf({{"sasl.password", "hunter2"}}).ok());
}

}  // namespace
}  // namespace sluice::kafka
