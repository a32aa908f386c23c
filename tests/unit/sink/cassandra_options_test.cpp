// From `sink:` to what the Cassandra sink runs with: contact points, levels, TLS, and the
// password from a file or the environment, never shown in an error.
#include "sink/cassandra/cassandra_options.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <vector>

#include "../test_dir.h"
#include "sink/cassandra/task_pool.h"

namespace sluice::cassandra {
namespace {

EnvLookup env_with(const std::string& name, const std::string& value) {
  return [name, value](const std::string& n) -> std::optional<std::string> {
    if (n == name) return value;
    return std::nullopt;
  };
}

SinkConfig config() {
  SinkConfig c;
  c.kind = SinkKind::kCassandra;
  c.hosts = "10.0.0.1:9042, 10.0.0.2 ,[::1]:9043,";
  return c;
}

TEST(CassandraOptions, ContactPointsLevelsAndKnobs) {
  SinkConfig c = config();
  c.write_concurrency = 16;
  c.max_in_flight_groups = 2;
  c.request_timeout_ms = 45000;
  auto o = sink_options(c, env_with("X", "y"));
  ASSERT_TRUE(o.ok()) << o.status().to_string();
  EXPECT_EQ(o->session.contact_points,
            (std::vector<std::string>{"10.0.0.1:9042", "10.0.0.2", "[::1]:9043"}));
  EXPECT_EQ(o->write_consistency, cql::Consistency::kLocalQuorum);
  EXPECT_EQ(o->read_consistency, cql::Consistency::kLocalQuorum);
  EXPECT_EQ(o->session.connection.request_timeout, std::chrono::milliseconds(45000));
  EXPECT_EQ(o->schema_timeout, std::chrono::milliseconds(45000));  // at least the request's
  EXPECT_TRUE(o->session.connection.keyspace.empty());  // it may not exist yet at connect
  EXPECT_TRUE(o->session.connection.username.empty());
  EXPECT_EQ(o->write_concurrency, 16);
  EXPECT_EQ(o->max_in_flight_groups, 2);
  EXPECT_EQ(o->keyspace, "sluice");

  c.consistency = "EACH_QUORUM";  // written per data center, read at QUORUM
  o = sink_options(c, env_with("X", "y"));
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->write_consistency, cql::Consistency::kEachQuorum);
  EXPECT_EQ(o->read_consistency, cql::Consistency::kQuorum);
}

TEST(CassandraOptions, PasswordFromTheEnvironment) {
  SinkConfig c = config();
  c.username = "sluice";
  c.password_env = "SLUICE_CASSANDRA_PASSWORD";
  auto o = sink_options(c, env_with("SLUICE_CASSANDRA_PASSWORD", "s3cret"));
  ASSERT_TRUE(o.ok()) << o.status().to_string();
  EXPECT_EQ(o->session.connection.username, "sluice");
  EXPECT_EQ(o->session.connection.password, "s3cret");

  o = sink_options(c, env_with("OTHER", "s3cret"));
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.status().message().find("sink.password_env"), std::string::npos);
  EXPECT_NE(o.status().message().find("SLUICE_CASSANDRA_PASSWORD"), std::string::npos);
}

TEST(CassandraOptions, PasswordFromAFileItsFirstLineOnly) {
  const auto dir = testing::fresh_test_dir("sluice_cassandra_options_test");
  const std::string path = (dir / "password").string();
  std::ofstream(path) << "s3cret\r\nsecond line\n";
  SinkConfig c = config();
  c.username = "sluice";
  c.password_file = path;
  auto o = sink_options(c, env_with("X", "y"));
  ASSERT_TRUE(o.ok()) << o.status().to_string();
  EXPECT_EQ(o->session.connection.password, "s3cret");

  std::ofstream(path) << "\nnot-on-the-first-line\n";
  o = sink_options(c, env_with("X", "y"));
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.status().message().find("sink.password_file"), std::string::npos);
  EXPECT_EQ(o.status().message().find("not-on-the-first-line"), std::string::npos);

  c.password_file = (dir / "missing").string();
  o = sink_options(c, env_with("X", "y"));
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.status().message().find("cannot read"), std::string::npos) << o.status().message();
  std::filesystem::remove_all(dir);
}

TEST(CassandraOptions, TlsReachesEveryConnectionOfTheSession) {
  SinkConfig c = config();
  auto o = sink_options(c, env_with("X", "y"));
  ASSERT_TRUE(o.ok());
  EXPECT_FALSE(o->session.connection.tls.enabled);  // plaintext unless asked for

  c.tls.enabled = true;
  c.tls.ca_file = "/etc/sluice/ca.pem";
  c.tls.cert_file = "/etc/sluice/worker.pem";
  c.tls.key_file = "/etc/sluice/worker.key";
  c.tls.verify_hostname = false;
  o = sink_options(c, env_with("X", "y"));
  ASSERT_TRUE(o.ok()) << o.status().to_string();
  const cql::TlsOptions& tls = o->session.connection.tls;
  EXPECT_TRUE(tls.enabled);
  EXPECT_EQ(tls.ca_file, "/etc/sluice/ca.pem");
  EXPECT_EQ(tls.cert_file, "/etc/sluice/worker.pem");
  EXPECT_EQ(tls.key_file, "/etc/sluice/worker.key");
  EXPECT_FALSE(tls.verify_hostname);
}

TEST(CassandraOptions, NoHostsIsAnError) {
  SinkConfig c = config();
  c.hosts = " , ";
  EXPECT_FALSE(sink_options(c, env_with("X", "y")).ok());
}

TEST(TaskPool, RunsEveryTaskPostedBeforeItGoes) {
  std::atomic<int> ran{0};
  {
    TaskPool pool(4);
    EXPECT_EQ(pool.threads(), 4);
    for (int i = 0; i < 1000; ++i)
      pool.post([&] { ran.fetch_add(1); });
  }
  EXPECT_EQ(ran.load(), 1000);
}

TEST(TaskPool, UrgentTasksRunBeforeQueuedOnes) {
  std::mutex mu;
  std::vector<char> order;
  std::mutex gate;
  std::unique_lock hold(gate);
  {
    TaskPool pool(1);
    pool.post([&] { std::lock_guard wait(gate); });  // keeps the one thread busy
    for (int i = 0; i < 3; ++i) {
      pool.post([&] {
        std::lock_guard lock(mu);
        order.push_back('w');
      });
    }
    pool.post_urgent([&] {
      std::lock_guard lock(mu);
      order.push_back('u');
    });
    hold.unlock();
  }
  EXPECT_EQ(order, (std::vector<char>{'u', 'w', 'w', 'w'}));
}

}  // namespace
}  // namespace sluice::cassandra
