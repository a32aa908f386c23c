// Defaults, derived defaults and the shipped config.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../test_dir.h"
#include "config_test_util.h"
#include "core/config.h"

namespace sluice {
namespace {

TEST(ConfigDefaults, AbsentSectionsKeepStructDefaults) {
  PipelineConfig c = load_config_from_string(testing::kMinimalConfig, "min.yaml");
  EXPECT_EQ(c.file, "min.yaml");
  EXPECT_EQ(c.name, "demo");
  EXPECT_EQ(c.data_dir, "./data");
  EXPECT_EQ(c.source.interval_ms, 5000);
  EXPECT_EQ(c.source.http.results_per_page, 500);
  EXPECT_FALSE(c.source.http.seed.has_value());
  EXPECT_EQ(c.source.http.retry.max_attempts, 6);
  EXPECT_EQ(c.source.kind, SourceKind::kHttp);
  EXPECT_EQ(c.log.kind, LogKind::kEmbedded);
  EXPECT_EQ(c.log.partitions, 4);
  EXPECT_EQ(c.log.fsync.policy, FsyncPolicy::kInterval);
  EXPECT_EQ(c.sink.kind, SinkKind::kSqlite);
  EXPECT_EQ(c.process.batch_records, 2000);
  EXPECT_EQ(c.serve.listen, "127.0.0.1:8080");  // loopback unless configured otherwise
  EXPECT_EQ(c.serve.rate_limit_per_s, 100);
  EXPECT_EQ(c.serve.rate_limit_burst, 200);
}

TEST(ConfigDefaults, DerivedPathsFollowDataDir) {
  PipelineConfig c =
      load_config_from_string(std::string(testing::kMinimalConfig) + "data_dir: /srv/s/\n", "x");
  EXPECT_EQ(c.log.dir, "/srv/s/log");
  EXPECT_EQ(c.sink.path, "/srv/s/sluice.db");
  PipelineConfig d = load_config_from_string(testing::kMinimalConfig, "x");
  EXPECT_EQ(d.log.dir, "./data/log");
  EXPECT_EQ(d.sink.path, "./data/sluice.db");
  EXPECT_EQ(c.serve.api_token_file, "/srv/s/api_token");
  EXPECT_EQ(d.serve.api_token_file, "./data/api_token");
}

TEST(ConfigDefaults, ServeGuardsAreConfigurable) {
  PipelineConfig c = load_config_from_string(
      std::string(testing::kMinimalConfig) +
          "serve: {listen: '0.0.0.0:9000', api_token_file: /etc/sluice/token, "
          "rate_limit_per_s: 2.5, rate_limit_burst: 7}\n",
      "x");
  EXPECT_EQ(c.serve.listen, "0.0.0.0:9000");
  EXPECT_EQ(c.serve.api_token_file, "/etc/sluice/token");
  EXPECT_EQ(c.serve.rate_limit_per_s, 2.5);
  EXPECT_EQ(c.serve.rate_limit_burst, 7);
  EXPECT_THROW(load_config_from_string(
                   std::string(testing::kMinimalConfig) + "serve: {rate_limit_burst: 0}\n", "x"),
               ConfigException);
}

TEST(ConfigDefaults, ExplicitPathsWin) {
  PipelineConfig c = load_config_from_string(
      std::string(testing::kMinimalConfig) + "log: {dir: /a}\nsink: {path: /b.db}\n", "x");
  EXPECT_EQ(c.log.dir, "/a");
  EXPECT_EQ(c.sink.path, "/b.db");
}

// `kind: null` is YAML's null, read as the sink kind named "null" when it is written out.
TEST(ConfigDefaults, SinkKindNullIsTheNullSink) {
  for (const char* sink : {"sink: {kind: null}\n", "sink:\n  kind: null\n", "sink:\n  kind: ~\n",
                           "sink: {kind: \"null\"}\n"}) {
    PipelineConfig c = load_config_from_string(std::string(testing::kMinimalConfig) + sink, "x");
    EXPECT_EQ(c.sink.kind, SinkKind::kNull) << sink;
  }
  EXPECT_EQ(kind_name(SinkKind::kNull), "null");
  EXPECT_TRUE(kind_built(SinkKind::kNull));
}

TEST(ConfigDefaults, SourceTypesDefaultFromFieldType) {
  PipelineConfig c = load_config_from_string(testing::kMinimalConfig, "x");
  ASSERT_EQ(c.fields.size(), 3u);
  EXPECT_EQ(c.fields[0].source_types, std::vector<JsonKind>{JsonKind::kString});
  EXPECT_EQ(c.fields[2].type, FieldType::kInt);
  EXPECT_EQ(c.fields[2].source_types, std::vector<JsonKind>{JsonKind::kInteger});
  EXPECT_EQ(c.fields[0].line, 9);
  EXPECT_EQ(c.rules[0].line, 13);
}

TEST(ConfigDefaults, SingleFieldIsReadAsList) {
  PipelineConfig c = load_config_from_string(
      std::string(testing::kMinimalConfig) + "  - {id: l, kind: length, field: username, max: 9}\n",
      "x");
  ASSERT_EQ(c.rules.size(), 2u);
  EXPECT_EQ(c.rules[1].fields, std::vector<std::string>{"username"});
  EXPECT_EQ(c.rules[1].max, 9);
  EXPECT_FALSE(c.rules[1].min.has_value());
}

TEST(ConfigDefaults, KindsAreParsedIntoTheirEnums) {
  PipelineConfig c =
      load_config_from_string(std::string(testing::kMinimalConfig) +
                                  "  - {id: u, kind: unique, field: username}\n"
                                  "  - {id: f, kind: one_of, field: email, values: [a]}\n"
                                  "log: {fsync: {policy: never}}\n",
                              "x");
  EXPECT_EQ(c.rules[0].kind, RuleKind::kRequired);
  EXPECT_EQ(c.rules[1].kind, RuleKind::kUnique);
  EXPECT_EQ(c.rules[2].kind, RuleKind::kOneOf);
  EXPECT_EQ(c.log.fsync.policy, FsyncPolicy::kNever);
  EXPECT_EQ(kind_name(RuleKind::kOneOf), "one_of");
  EXPECT_EQ(kind_name(SinkKind::kPostgres), "postgres");
  EXPECT_EQ(fsync_policy_name(FsyncPolicy::kNever), "never");
}

TEST(ConfigDefaults, FileSourceKind) {
  std::string text = testing::kMinimalConfig;
  text.replace(text.find("kind: http"), 10, "kind: file\n  file: {path: in.ndjson}");
  PipelineConfig f = load_config_from_string(text, "x");
  EXPECT_EQ(f.source.kind, SourceKind::kFile);
  EXPECT_EQ(f.source.file.path, "in.ndjson");
}

TEST(ShippedConfig, LocalYamlLoadsEveryKey) {
  unsetenv("SLUICE_DATA_DIR");
  unsetenv("SLUICE_API_URL");
  PipelineConfig c = load_config(SLUICE_SOURCE_DIR "/config/local.yaml");
  EXPECT_EQ(c.name, "user_profiles");
  EXPECT_EQ(c.data_dir, "./data");
  EXPECT_EQ(c.source.kind, SourceKind::kHttp);
  EXPECT_EQ(c.source.interval_ms, 2000);
  EXPECT_EQ(c.source.http.url, "http://127.0.0.1:8081/api/");
  EXPECT_EQ(c.source.http.pages_per_run, 4);
  EXPECT_EQ(c.source.http.seed, "sluice");
  EXPECT_DOUBLE_EQ(c.source.http.retry.jitter, 0.2);
  EXPECT_EQ(c.key, "username");
  ASSERT_EQ(c.fields.size(), 11u);
  EXPECT_EQ(c.fields[3].name, "address");
  EXPECT_FALSE(c.fields[3].template_text.empty());
  EXPECT_EQ(c.fields[4].source_types,
            (std::vector<JsonKind>{JsonKind::kString, JsonKind::kInteger}));
  std::vector<std::string> ids;
  for (const auto& r : c.rules)
    ids.push_back(r.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"required", "data_types", "email_format", "date_format",
                                           "gender_values", "username_length", "username_unique"}));
  EXPECT_EQ(c.rules[5].min, 3);
  EXPECT_EQ(c.rules[5].max, 30);
  EXPECT_EQ(c.log.dir, "./data/log");
  EXPECT_EQ(c.log.segment_bytes, 67108864);
  EXPECT_EQ(c.log.retention_ms, 604800000);
  EXPECT_EQ(c.sink.path, "./data/sluice.db");
  EXPECT_EQ(c.schema().key_name(), "username");
}

TEST(ShippedConfig, LocalYamlHonoursEnvironment) {
  setenv("SLUICE_DATA_DIR", "/tmp/sluice-x", 1);
  setenv("SLUICE_API_URL", "https://randomuser.me/api/", 1);
  PipelineConfig c = load_config(SLUICE_SOURCE_DIR "/config/local.yaml");
  unsetenv("SLUICE_DATA_DIR");
  unsetenv("SLUICE_API_URL");
  EXPECT_EQ(c.source.http.url, "https://randomuser.me/api/");
  EXPECT_EQ(c.log.dir, "/tmp/sluice-x/log");
  EXPECT_EQ(c.sink.path, "/tmp/sluice-x/sluice.db");
}

// The text of `path` from the line starting with `from` up to the line starting with `to`.
std::string section_text(const std::string& path, const std::string& from, const std::string& to) {
  std::ifstream in(path);
  std::stringstream all;
  all << in.rdbuf();
  const std::string text = all.str();
  const size_t begin = text.find("\n" + from);
  const size_t end = text.find("\n" + to, begin);
  if (begin == std::string::npos || end == std::string::npos) return {};
  return text.substr(begin, end - begin);
}

// The cluster pipeline judges what the embedded one does: the same source, schema and rules,
// kept equal by this test rather than by hand.
TEST(ShippedConfig, ClusterYamlHasLocalYamlsSourceSchemaAndRules) {
  const std::string local = section_text(SLUICE_SOURCE_DIR "/config/local.yaml", "source:", "log:");
  const std::string cluster =
      section_text(SLUICE_SOURCE_DIR "/config/cluster.yaml", "source:", "log:");
  ASSERT_FALSE(local.empty());
  EXPECT_EQ(cluster, local);
}

// The cluster pipeline's TLS variables (config/cluster.yaml, sink.tls).
constexpr const char* kTlsVariables[] = {"SLUICE_CASSANDRA_TLS", "SLUICE_CASSANDRA_CA_FILE",
                                         "SLUICE_CASSANDRA_CERT_FILE", "SLUICE_CASSANDRA_KEY_FILE"};

TEST(ShippedConfig, ClusterYamlDefaultsMatchTheServiceScripts) {
  for (const char* name :
       {"SLUICE_KAFKA_BROKERS", "SLUICE_TOPIC", "SLUICE_PARTITIONS", "SLUICE_KAFKA_REPLICATION",
        "SLUICE_CASSANDRA_HOSTS", "SLUICE_KEYSPACE", "SLUICE_CASSANDRA_USER",
        "SLUICE_CASSANDRA_PASSWORD_FILE", "SLUICE_API_URL", "SLUICE_DEAD_LETTER_TOPIC"}) {
    unsetenv(name);
  }
  for (const char* name : kTlsVariables)
    unsetenv(name);
  PipelineConfig c = load_config(SLUICE_SOURCE_DIR "/config/cluster.yaml");
  EXPECT_EQ(c.name, "user_profiles");
  EXPECT_EQ(c.source.http.url, "http://127.0.0.1:8081/api/");
  EXPECT_EQ(c.log.kind, LogKind::kKafka);
  EXPECT_EQ(c.log.brokers, "127.0.0.1:9092");
  EXPECT_EQ(c.log.topic, "user_profile_stream");
  EXPECT_EQ(c.log.partitions, 3);
  EXPECT_EQ(c.log.replication_factor, 1);
  EXPECT_EQ(c.log.dead_letter_topic, "") << "dead letters are opt-in";
  EXPECT_EQ(c.sink.kind, SinkKind::kCassandra);
  EXPECT_EQ(c.sink.hosts, "127.0.0.1:9042");
  EXPECT_EQ(c.sink.keyspace, "sluice");
  EXPECT_EQ(c.sink.consistency, "LOCAL_QUORUM");
  EXPECT_EQ(c.sink.username, "");
  EXPECT_EQ(c.sink.password_file, "");
  EXPECT_FALSE(c.sink.tls.enabled);  // plaintext, as scripts/services/cassandra also accepts
  EXPECT_EQ(c.sink.tls.ca_file, "");
  EXPECT_EQ(c.sink.tls.cert_file, "");
  EXPECT_TRUE(c.sink.tls.verify_hostname);
}

TEST(ShippedConfig, ClusterYamlHonoursEnvironment) {
  setenv("SLUICE_KAFKA_BROKERS", "k1:9092,k2:9092", 1);
  setenv("SLUICE_TOPIC", "profiles", 1);
  setenv("SLUICE_PARTITIONS", "12", 1);
  setenv("SLUICE_CASSANDRA_HOSTS", "c1,c2:9142", 1);
  setenv("SLUICE_KEYSPACE", "spark_streaming", 1);
  setenv("SLUICE_CASSANDRA_USER", "sluice", 1);
  setenv("SLUICE_CASSANDRA_PASSWORD_FILE", "/run/secrets/cassandra", 1);
  setenv("SLUICE_DEAD_LETTER_TOPIC", "profiles-rejected", 1);
  PipelineConfig c = load_config(SLUICE_SOURCE_DIR "/config/cluster.yaml");
  for (const char* name : {"SLUICE_KAFKA_BROKERS", "SLUICE_TOPIC", "SLUICE_PARTITIONS",
                           "SLUICE_CASSANDRA_HOSTS", "SLUICE_KEYSPACE", "SLUICE_CASSANDRA_USER",
                           "SLUICE_CASSANDRA_PASSWORD_FILE", "SLUICE_DEAD_LETTER_TOPIC"}) {
    unsetenv(name);
  }
  EXPECT_EQ(c.log.brokers, "k1:9092,k2:9092");
  EXPECT_EQ(c.log.topic, "profiles");
  EXPECT_EQ(c.log.partitions, 12);
  EXPECT_EQ(c.log.dead_letter_topic, "profiles-rejected");
  EXPECT_EQ(c.sink.hosts, "c1,c2:9142");
  EXPECT_EQ(c.sink.keyspace, "spark_streaming");
  EXPECT_EQ(c.sink.username, "sluice");
  EXPECT_EQ(c.sink.password_file, "/run/secrets/cassandra");
}

TEST(ShippedConfig, ClusterYamlTurnsTlsOnFromTheEnvironment) {
  const auto dir = testing::fresh_test_dir("sluice_cluster_tls");
  for (const char* name : {"ca.pem", "worker.pem", "worker.key"})
    std::ofstream(dir / name) << "PEM\n";
  setenv("SLUICE_CASSANDRA_TLS", "true", 1);
  setenv("SLUICE_CASSANDRA_CA_FILE", (dir / "ca.pem").c_str(), 1);
  setenv("SLUICE_CASSANDRA_CERT_FILE", (dir / "worker.pem").c_str(), 1);
  setenv("SLUICE_CASSANDRA_KEY_FILE", (dir / "worker.key").c_str(), 1);
  PipelineConfig c = load_config(SLUICE_SOURCE_DIR "/config/cluster.yaml");
  EXPECT_TRUE(c.sink.tls.enabled);
  EXPECT_EQ(c.sink.tls.ca_file, (dir / "ca.pem").string());
  EXPECT_EQ(c.sink.tls.cert_file, (dir / "worker.pem").string());
  EXPECT_EQ(c.sink.tls.key_file, (dir / "worker.key").string());
  EXPECT_TRUE(c.sink.tls.verify_hostname);

  // A CA named while TLS stays off would be unused: a config error, not plaintext by surprise.
  unsetenv("SLUICE_CASSANDRA_TLS");
  unsetenv("SLUICE_CASSANDRA_CERT_FILE");
  unsetenv("SLUICE_CASSANDRA_KEY_FILE");
  std::vector<ConfigError> errors;
  try {
    load_config(SLUICE_SOURCE_DIR "/config/cluster.yaml");
  } catch (const ConfigException& e) {
    errors = e.errors();
  }
  for (const char* name : kTlsVariables)
    unsetenv(name);
  std::filesystem::remove_all(dir);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].key, "sink.tls.ca_file");
  EXPECT_NE(errors[0].message.find("given while sink.tls.enabled is false"), std::string::npos)
      << errors[0].to_string();
}

}  // namespace
}  // namespace sluice
