// The Cassandra keys of `sink:` (docs/configuration.md): defaults, replication strategies,
// consistency levels, credentials from a file or the environment only, TLS; each error with
// its line and key, and never a secret in a message.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "../test_dir.h"
#include "config_test_util.h"
#include "core/config.h"

namespace sluice {
namespace {

using testing::config_errors;
using testing::expect_one_error;
using testing::kMinimalConfig;

// The sink section starts at line 14.
std::string with_sink(const std::string& keys) {
  return std::string(kMinimalConfig) + "sink:\n  kind: cassandra\n" + keys;
}

TEST(ConfigCassandra, Defaults) {
  PipelineConfig c = load_config_from_string(with_sink("  hosts: 127.0.0.1\n"), "x");
  EXPECT_EQ(c.sink.kind, SinkKind::kCassandra);
  EXPECT_EQ(c.sink.hosts, "127.0.0.1");
  EXPECT_EQ(c.sink.keyspace, "sluice");
  EXPECT_EQ(c.sink.replication.strategy, ReplicationStrategy::kSimple);
  EXPECT_EQ(c.sink.replication.replication_factor, 1);
  EXPECT_EQ(c.sink.consistency, "LOCAL_QUORUM");
  EXPECT_EQ(c.sink.write_concurrency, 64);
  EXPECT_EQ(c.sink.max_in_flight_groups, 4);
  EXPECT_EQ(c.sink.request_timeout_ms, 12000);
  EXPECT_TRUE(c.sink.username.empty());
  EXPECT_TRUE(c.sink.password_file.empty());
  EXPECT_TRUE(c.sink.password_env.empty());
  EXPECT_FALSE(c.sink.tls.enabled);
  EXPECT_TRUE(c.sink.tls.ca_file.empty());
  EXPECT_TRUE(c.sink.tls.verify_hostname);
}

TEST(ConfigCassandra, EveryKey) {
  PipelineConfig c = load_config_from_string(
      with_sink("  hosts: 10.0.0.1:9042, 10.0.0.2,[::1]:9043\n"
                "  keyspace: spark_streaming\n"
                "  replication: {class: NetworkTopologyStrategy, dc1: 3, dc2: 2}\n"
                "  consistency: each_quorum\n"
                "  write_concurrency: 128\n"
                "  max_in_flight_groups: 8\n"
                "  request_timeout_ms: 5000\n"
                "  username: sluice\n"
                "  password_env: SLUICE_CASSANDRA_PASSWORD\n"),
      "x");
  EXPECT_EQ(c.sink.hosts, "10.0.0.1:9042, 10.0.0.2,[::1]:9043");
  EXPECT_EQ(c.sink.keyspace, "spark_streaming");
  EXPECT_EQ(c.sink.replication.strategy, ReplicationStrategy::kNetworkTopology);
  EXPECT_EQ(c.sink.replication.datacenters, (std::map<std::string, int>{{"dc1", 3}, {"dc2", 2}}));
  EXPECT_EQ(c.sink.consistency, "EACH_QUORUM");
  EXPECT_EQ(c.sink.write_concurrency, 128);
  EXPECT_EQ(c.sink.max_in_flight_groups, 8);
  EXPECT_EQ(c.sink.request_timeout_ms, 5000);
  EXPECT_EQ(c.sink.username, "sluice");
  EXPECT_EQ(c.sink.password_env, "SLUICE_CASSANDRA_PASSWORD");

  c = load_config_from_string(
      with_sink("  hosts: db\n"
                "  replication: {class: SimpleStrategy, replication_factor: 3}\n"
                "  username: sluice\n"
                "  password_file: /run/secrets/cassandra\n"),
      "x");
  EXPECT_EQ(c.sink.replication.strategy, ReplicationStrategy::kSimple);
  EXPECT_EQ(c.sink.replication.replication_factor, 3);
  EXPECT_EQ(c.sink.password_file, "/run/secrets/cassandra");
}

TEST(ConfigCassandra, ALiteralPasswordIsRefusedWithoutEchoingIt) {
  ConfigError e = expect_one_error(
      with_sink("  hosts: db\n  username: sluice\n  password: hunter2\n  password_env: P\n"), 18,
      "sink.password", "password_file");
  EXPECT_EQ(e.to_string().find("hunter2"), std::string::npos) << e.to_string();

  // Nor is a value that cannot be a variable's name echoed: it may be the password itself.
  e = expect_one_error(with_sink("  hosts: db\n  username: u\n  password_env: \"s3cr3t!\"\n"), 18,
                       "sink.password_env", "name of an environment variable");
  EXPECT_EQ(e.to_string().find("s3cr3t"), std::string::npos) << e.to_string();
}

TEST(ConfigCassandra, CredentialsComeInPairsFromOneSource) {
  expect_one_error(with_sink("  hosts: db\n  username: sluice\n"), 17, "sink.username",
                   "password_file or password_env");
  expect_one_error(with_sink("  hosts: db\n  password_env: P\n"), 17, "sink.password_env",
                   "without a username");
  expect_one_error(
      with_sink("  hosts: db\n  username: u\n  password_file: /f\n  password_env: P\n"), 19,
      "sink.password_env", "one of");
}

TEST(ConfigCassandra, ConsistencyErrorsNameTheValidLevels) {
  const std::string valid =
      "valid: ONE, TWO, THREE, QUORUM, ALL, LOCAL_QUORUM, EACH_QUORUM, LOCAL_ONE";
  expect_one_error(with_sink("  hosts: db\n  consistency: MOST\n"), 17, "sink.consistency", valid);
  expect_one_error(with_sink("  hosts: db\n  consistency: ANY\n"), 17, "sink.consistency",
                   "ANY cannot be read at");
  expect_one_error(with_sink("  hosts: db\n  consistency: local_serial\n"), 17, "sink.consistency",
                   "lightweight transactions");
  EXPECT_TRUE(config_errors(with_sink("  hosts: db\n  consistency: local_one\n")).empty());
}

TEST(ConfigCassandra, ReplicationErrors) {
  struct Case {
    const char* replication;
    const char* key;      // of the one error
    const char* message;  // a part of it
  };
  const Case cases[] = {
      {"{class: Everywhere}", "sink.replication.class", "SimpleStrategy"},
      {"{replication_factor: 3}", "sink.replication.class", "missing"},
      {"{class: SimpleStrategy, dc1: 3}", "sink.replication.dc1", "unknown key"},
      {"{class: SimpleStrategy, replication_factor: 0}", "sink.replication.replication_factor",
       "between 1 and 100"},
      {"{class: NetworkTopologyStrategy}", "sink.replication", "at least one data center"},
      {"{class: NetworkTopologyStrategy, replication_factor: 3}",
       "sink.replication.replication_factor", "per data center"},
      {"{class: NetworkTopologyStrategy, dc1: many}", "sink.replication.dc1", "integer"},
      {"3", "sink.replication", "expected a mapping"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.replication);
    expect_one_error(with_sink(std::string("  hosts: db\n  replication: ") + c.replication + "\n"),
                     17, c.key, c.message);
  }
}

TEST(ConfigCassandra, HostsKeyspaceAndRanges) {
  expect_one_error(with_sink("  hosts: a:9042,,b\n"), 16, "sink.hosts", "empty entry");
  expect_one_error(with_sink("  hosts: a:99999\n"), 16, "sink.hosts", "1..65535");
  expect_one_error(with_sink("  hosts: a:90x\n"), 16, "sink.hosts", "1..65535");
  expect_one_error(with_sink("  hosts: ::1\n"), 16, "sink.hosts", "[address]:port");
  EXPECT_TRUE(config_errors(with_sink("  hosts: \"[::1]:9042, [fe80::1]\"\n")).empty());
  expect_one_error(with_sink("  keyspace: sluice\n"), 15, "sink.hosts", "missing");
  expect_one_error(with_sink("  hosts: db\n  keyspace: Sluice-Prod\n"), 17, "sink.keyspace",
                   "lower-case");
  for (const char* bad : {"  write_concurrency: 0\n", "  write_concurrency: 5000\n",
                          "  max_in_flight_groups: 0\n", "  request_timeout_ms: 10\n"}) {
    SCOPED_TRACE(bad);
    expect_one_error(with_sink(std::string("  hosts: db\n") + bad), 17,
                     "sink." + std::string(bad).substr(2, std::string(bad).find(':') - 2),
                     "out of range");
  }
}

// PEM files for the TLS keys: loading only checks that they can be read.
class ConfigCassandraTls : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_test_dir("sluice_config_tls_test");
    for (const char* name : {"ca.pem", "client.pem", "client.key"})
      std::ofstream(dir_ / name) << "-----BEGIN CERTIFICATE-----\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string file(const char* name) const { return (dir_ / name).string(); }

  std::filesystem::path dir_;
};

TEST_F(ConfigCassandraTls, EveryKey) {
  const std::string keys =
      "  hosts: db1,db2\n  tls:\n    enabled: true\n" + ("    ca_file: " + file("ca.pem") + "\n") +
      ("    cert_file: " + file("client.pem") + "\n") +
      ("    key_file: " + file("client.key") + "\n") + "    verify_hostname: false\n";
  PipelineConfig c = load_config_from_string(with_sink(keys), "x");
  EXPECT_TRUE(c.sink.tls.enabled);
  EXPECT_EQ(c.sink.tls.ca_file, file("ca.pem"));
  EXPECT_EQ(c.sink.tls.cert_file, file("client.pem"));
  EXPECT_EQ(c.sink.tls.key_file, file("client.key"));
  EXPECT_FALSE(c.sink.tls.verify_hostname);

  // No CA file: the system's trusted store. Booleans in any case, also from ${VAR:-default}.
  c = load_config_from_string(
      with_sink("  hosts: db\n  tls:\n    enabled: ${SLUICE_TEST_UNSET_TLS:-True}\n"), "x");
  EXPECT_TRUE(c.sink.tls.enabled);
  EXPECT_TRUE(c.sink.tls.ca_file.empty());
  EXPECT_TRUE(c.sink.tls.verify_hostname);
  c = load_config_from_string(with_sink("  hosts: db\n  tls: {enabled: FALSE}\n"), "x");
  EXPECT_FALSE(c.sink.tls.enabled);
}

TEST_F(ConfigCassandraTls, ErrorsNameTheKeyAndLine) {
  struct Case {
    std::string tls;  // the lines after "  tls:", from line 18
    int line;
    std::string key;
    std::string message;  // a part of it
  };
  const std::string missing = file("missing.pem");
  const Case cases[] = {
      {"    enabled: true\n    ca_file: " + missing + "\n", 19, "sink.tls.ca_file",
       "cannot read " + missing + ": No such file or directory"},
      {"    enabled: true\n    cert_file: " + file("client.pem") + "\n    key_file: " + missing +
           "\n",
       20, "sink.tls.key_file", "cannot read " + missing},
      {"    enabled: yes please\n", 18, "sink.tls.enabled",
       "expected true or false, got \"yes please\""},
      {"    enable: true\n", 18, "sink.tls.enable",
       "unknown key (expected one of: enabled, ca_file, cert_file, key_file, verify_hostname)"},
      {"    ca_file: " + file("ca.pem") + "\n", 18, "sink.tls.ca_file",
       "given while sink.tls.enabled is false"},
      {"    enabled: true\n    cert_file: " + file("client.pem") + "\n", 19, "sink.tls.cert_file",
       "a client certificate needs key_file too"},
      {"    enabled: true\n    key_file: " + file("client.key") + "\n", 19, "sink.tls.key_file",
       "a client certificate needs cert_file too"},
      {"    verify_hostname: 0\n", 18, "sink.tls.verify_hostname", "expected true or false"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.tls);
    expect_one_error(with_sink("  hosts: db\n  tls:\n" + c.tls), c.line, c.key, c.message);
  }
  expect_one_error(with_sink("  hosts: db\n  tls: on\n"), 17, "sink.tls", "expected a mapping");
}

TEST_F(ConfigCassandraTls, FilesAreCheckedOnlyWhenTheSinkIsCassandra) {
  // A section may keep another kind's keys; what they name matters once it is chosen.
  const std::string yaml = std::string(kMinimalConfig) +
                           "sink:\n  kind: sqlite\n  hosts: db\n"
                           "  tls: {enabled: true, ca_file: " +
                           file("missing.pem") + "}\n";
  EXPECT_TRUE(config_errors(yaml).empty());
}

}  // namespace
}  // namespace sluice
