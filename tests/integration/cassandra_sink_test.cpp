// The Cassandra sink (src/sink/cassandra/) against a real Cassandra (scripts/services/cassandra
// start), driven by tests/services/test_cassandra_sink.py. Not registered with ctest: Cassandra
// is not up there. Runs the Sink contract suite (tests/unit/contract/sink_contract.h) on it,
// then what only a cluster sink has to show: completions after every acknowledgement, errors
// reaching the completion, key_owners() over thousands of keys, two workers opening at once.
//
// Environment: SLUICE_CASSANDRA_HOSTS (default 127.0.0.1:9042), SLUICE_CASSANDRA_USER and
// SLUICE_CASSANDRA_PASSWORD_FILE (a server in --auth mode), SLUICE_CASSANDRA_CA_FILE (when set,
// the sinks and the test's own session speak TLS, verified against it: sink.tls),
// SLUICE_CASSANDRA_SINK_TEST_PREFIX
// (each test's own keyspace is <prefix>_<n>, dropped after it), and
// SLUICE_CASSANDRA_SINK_TEST_KEYSPACE (where WritesRowsForTheIndependentReader leaves its rows
// for the pytest to read back and drop).
#include "sink/cassandra/cassandra_sink.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "../unit/contract/sink_contract.h"
#include "cassandra_test_env.h"
#include "cql/session.h"
#include "sink/cassandra/cassandra_cql.h"
#include "sink/cassandra/cassandra_options.h"
#include "sink/sink.h"

namespace sluice::contract {
namespace {

using std::chrono::milliseconds;

using testing::env_or;

SinkConfig sink_config(const std::string& keyspace) {
  SinkConfig c;
  c.kind = SinkKind::kCassandra;
  c.hosts = env_or("SLUICE_CASSANDRA_HOSTS", "127.0.0.1:9042");
  c.keyspace = keyspace;
  c.username = env_or("SLUICE_CASSANDRA_USER", "");
  if (!c.username.empty()) c.password_file = env_or("SLUICE_CASSANDRA_PASSWORD_FILE", "");
  c.request_timeout_ms = 20000;  // schema changes on a machine shared with other builds
  c.tls.ca_file = env_or("SLUICE_CASSANDRA_CA_FILE", "");
  c.tls.enabled = !c.tls.ca_file.empty();
  return c;
}

// A session of the test's own (not the sink's), for DDL and reading back: made once.
cql::Session* admin() {
  static cql::Session* session = [] {
    auto options = cassandra::sink_options(sink_config("unused"), process_env());
    if (!options.ok()) {
      ADD_FAILURE() << options.status().to_string();
      return static_cast<cql::Session*>(nullptr);
    }
    auto s = cql::Session::connect(options->session);
    if (!s.ok()) {
      ADD_FAILURE() << "no session to Cassandra (is scripts/services/cassandra up?): "
                    << s.status().to_string();
      return static_cast<cql::Session*>(nullptr);
    }
    return std::move(s).value().release();
  }();
  return session;
}

Result<std::vector<cql::Row>> fetch(const std::string& query) {
  if (admin() == nullptr) return Status::unavailable("no session to Cassandra");
  cql::Statement s;
  s.query = query;
  s.page_size = 1000;
  s.idempotent = true;
  s.timeout = milliseconds(20000);
  return admin()->fetch_all(s);
}

Status run(const std::string& query) {
  if (admin() == nullptr) return Status::unavailable("no session to Cassandra");
  cql::Statement s;
  s.query = query;
  s.timeout = milliseconds(60000);
  return admin()->execute(s).status();
}

// <prefix>_<n>: unique per test, so that tests never see each other's rows.
std::string fresh_keyspace() {
  static const std::string prefix = env_or("SLUICE_CASSANDRA_SINK_TEST_PREFIX",
                                           "sink_test_" + std::to_string(std::random_device{}()));
  static std::atomic<int> n{0};
  return prefix + "_" + std::to_string(n.fetch_add(1));
}

std::optional<std::string> text_of(const cql::Value& v) {
  if (v.is_null()) return std::nullopt;
  return v.bytes();
}

class CassandraSinkFactory {
 public:
  explicit CassandraSinkFactory(const Schema& schema)
      : schema_(schema), keyspace_(fresh_keyspace()) {
    EXPECT_NE(admin(), nullptr) << "no session to Cassandra (is scripts/services/cassandra up?)";
  }
  ~CassandraSinkFactory() {
    Status dropped = run("DROP KEYSPACE IF EXISTS " + keyspace_);
    EXPECT_TRUE(dropped.ok()) << dropped.to_string();
  }

  // Every sink of a test writes the test's keyspace (durable: each sees what others stored).
  std::unique_ptr<Sink> make() {
    return std::make_unique<CassandraSink>(sink_config(keyspace_), schema_);
  }

  // Through the test's own session.
  Tables read_back() const {
    Tables t;
    std::string columns;
    for (size_t i = 0; i < schema_.size(); ++i)
      columns += cassandra::quote_name(schema_.field(i).name) + ", ";
    auto users = fetch("SELECT " + columns + "\"_partition\", \"_offset\" FROM " + keyspace_ +
                       ".created_users");
    EXPECT_TRUE(users.ok()) << users.status().to_string();
    if (!users.ok()) return t;
    const size_t n = schema_.size();
    for (const cql::Row& r : *users) {
      StoredRow row;
      for (size_t i = 0; i < n; ++i)
        row.values.push_back(text_of(r[i]));
      row.position = {r[n].as_int32(), r[n + 1].as_int64()};
      t.users[*row.values[schema_.key_index()]] = std::move(row);
    }
    auto quarantined =
        fetch("SELECT \"_partition\", \"_offset\", raw, reasons FROM " + keyspace_ + ".quarantine");
    EXPECT_TRUE(quarantined.ok()) << quarantined.status().to_string();
    if (!quarantined.ok()) return t;
    for (const cql::Row& r : *quarantined)
      t.quarantine[{r[0].as_int32(), r[1].as_int64()}] = {r[2].bytes(), r[3].bytes()};
    return t;
  }

  const std::string& keyspace() const { return keyspace_; }

 private:
  const Schema& schema_;
  const std::string keyspace_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(Cassandra, SinkContract, ::testing::Types<CassandraSinkFactory>);
INSTANTIATE_TYPED_TEST_SUITE_P(Cassandra, DurableSinkContract,
                               ::testing::Types<CassandraSinkFactory>);

// ---- What a cluster sink has to show beyond the contract ----

class CassandraSinkTest : public SinkContract<CassandraSinkFactory> {
 protected:
  CassandraSink* cassandra() { return static_cast<CassandraSink*>(sink_.get()); }
  std::string table(const char* name) const { return factory_.keyspace() + "." + name; }
  int64_t count(const char* name) {
    auto rows = fetch("SELECT count(*) FROM " + table(name));
    EXPECT_TRUE(rows.ok()) << rows.status().to_string();
    return rows.ok() && !rows->empty() ? (*rows)[0][0].as_int64() : -1;
  }
};

TEST_F(CassandraSinkTest, AGroupCompletesOnlyAfterEveryWriteIsAcknowledged) {
  constexpr int kValid = 3000;
  constexpr int kBad = 500;
  SinkGroup group;
  for (int i = 0; i < kValid; ++i)
    group.valid.push_back(user("user" + std::to_string(i), "u@x.io", i % 4, i));
  for (int i = 0; i < kBad; ++i)
    group.quarantine.push_back(bad(i % 4, 100000 + i, "", "{}", {{"required", "m"}}));
  std::mutex mu;
  int calls = 0;
  Status seen;
  int64_t users_then = -1;
  int64_t quarantine_then = -1;
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(sink_
                  ->submit(std::move(group),
                           [&](const Status& s) {
                             // On the sink's thread, before the completion returns: all there.
                             const int64_t u = count("created_users");
                             const int64_t q = count("quarantine");
                             std::lock_guard lock(mu);
                             ++calls;
                             seen = s;
                             users_then = u;
                             quarantine_then = q;
                           })
                  .ok());
  sink_->drain();
  const auto took =
      std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start);
  std::lock_guard lock(mu);
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(seen.ok()) << seen.to_string();
  EXPECT_EQ(users_then, kValid);
  EXPECT_EQ(quarantine_then, kBad);
  const CassandraSinkStats stats = cassandra()->stats();
  EXPECT_EQ(stats.writes, static_cast<uint64_t>(kValid + kBad));
  // One node: every statement's request is counted under it.
  ASSERT_EQ(stats.session.hosts.size(), 1u);
  EXPECT_GE(stats.session.hosts.begin()->second.requests, stats.writes);
  EXPECT_EQ(
      stats.errors_timeout + stats.errors_unavailable + stats.errors_invalid + stats.errors_other,
      0u);
  std::printf("[          ] %d writes in %lld ms, %llu retries\n", kValid + kBad,
              static_cast<long long>(took.count()),
              static_cast<unsigned long long>(stats.session.retries));
}

TEST_F(CassandraSinkTest, AWriteErrorReachesTheCompletion) {
  ASSERT_NO_FATAL_FAILURE(write({{user("before", "b@x.io", 0, 1)}, {}}));
  // The table goes away under the open sink: its prepared INSERT can no longer run.
  ASSERT_TRUE(run("DROP TABLE " + table("created_users")).ok());
  std::mutex mu;
  int calls = 0;
  Status seen;
  SinkGroup group;
  for (int i = 0; i < 50; ++i)
    group.valid.push_back(user("after" + std::to_string(i), "a@x.io", 0, 10 + i));
  group.quarantine.push_back(bad(1, 1, "", "{}", {{"required", "m"}}));  // this one lands
  ASSERT_TRUE(sink_
                  ->submit(std::move(group),
                           [&](const Status& s) {
                             std::lock_guard lock(mu);
                             ++calls;
                             seen = s;
                           })
                  .ok());
  sink_->drain();
  std::lock_guard lock(mu);
  EXPECT_EQ(calls, 1);
  EXPECT_FALSE(seen.ok()) << "a group whose writes failed completed ok";
  EXPECT_NE(seen.message().find("storing key 'after"), std::string::npos) << seen.to_string();
  EXPECT_GE(cassandra()->stats().errors_invalid, 1u);
  EXPECT_EQ(count("quarantine"), 1);
}

TEST_F(CassandraSinkTest, AKeyspaceDroppedUnderTheSinkFailsGroupsAndLookups) {
  ASSERT_TRUE(run("DROP KEYSPACE " + factory_.keyspace()).ok());
  Status seen;
  Status s = sink_->submit({{}, {bad(0, 1, "", "{}", {{"r", "m"}})}},
                           [&](const Status& status) { seen = status; });
  ASSERT_TRUE(s.ok());
  sink_->drain();
  EXPECT_FALSE(seen.ok());
  EXPECT_FALSE(sink_->key_owners({"alice"}).ok());
}

TEST_F(CassandraSinkTest, KeyOwnersOfFiveThousandKeysAreExactlyTheStoredOnes) {
  constexpr int kStored = 5000;
  for (int g = 0; g < 5; ++g) {
    SinkGroup group;
    for (int i = g * 1000; i < (g + 1) * 1000; ++i)
      group.valid.push_back(user("user" + std::to_string(i), "u@x.io", i % 7, int64_t{10} * i));
    ASSERT_NO_FATAL_FAILURE(write(std::move(group)));
  }
  std::vector<std::string> names;
  for (int i = 0; i < kStored; ++i) {
    names.push_back("user" + std::to_string(i));
    if (i % 2 == 0) names.push_back("stranger" + std::to_string(i));
  }
  const std::vector<std::string_view> keys(names.begin(), names.end());
  const auto start = std::chrono::steady_clock::now();
  auto owners = sink_->key_owners(keys);
  const auto took =
      std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start);
  ASSERT_TRUE(owners.ok()) << owners.status().to_string();
  std::unordered_map<std::string, LogPosition> want;
  for (int i = 0; i < kStored; ++i)
    want["user" + std::to_string(i)] = {i % 7, int64_t{10} * i};
  EXPECT_EQ(*owners, want);
  std::printf("[          ] key_owners of %zu keys in %lld ms\n", keys.size(),
              static_cast<long long>(took.count()));
}

TEST_F(CassandraSinkTest, TwoWorkersOpeningAtOnceBothGetTheTables) {
  // A keyspace neither has seen: both race to create it and its tables.
  const std::string keyspace = fresh_keyspace();
  const SinkConfig config = sink_config(keyspace);
  std::vector<std::unique_ptr<Sink>> sinks;
  sinks.push_back(make_sink(config, schema_).value());
  sinks.push_back(make_sink(config, schema_).value());
  Status opened[2];
  std::thread other([&] { opened[1] = sinks[1]->open(); });
  opened[0] = sinks[0]->open();
  other.join();
  EXPECT_TRUE(opened[0].ok()) << opened[0].to_string();
  EXPECT_TRUE(opened[1].ok()) << opened[1].to_string();
  if (opened[0].ok() && opened[1].ok()) {
    EXPECT_TRUE(write_and_wait(sinks[0].get(), {{user("alice", "a@x.io", 0, 1)}, {}}).ok());
    auto owners = sinks[1]->key_owners({"alice"});
    ASSERT_TRUE(owners.ok()) << owners.status().to_string();
    EXPECT_EQ(owners->count("alice"), 1u);
  }
  sinks.clear();
  EXPECT_TRUE(run("DROP KEYSPACE IF EXISTS " + keyspace).ok());
}

TEST_F(CassandraSinkTest, WrongCredentialsOrNoServerFailOpenWithoutTheSecret) {
  SinkConfig config = sink_config(fresh_keyspace());
  config.hosts = "127.0.0.1:1";  // nothing listens there
  config.username = "sluice";
  config.password_env = "SLUICE_TEST_SECRET";
  config.password_file.clear();
  CassandraSink sink(config, schema_, [](const std::string& name) -> std::optional<std::string> {
    if (name == "SLUICE_TEST_SECRET") return "hunter2-secret";
    return std::nullopt;
  });
  Status s = sink.open();
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.to_string().find("hunter2"), std::string::npos) << s.to_string();
}

// Leaves its rows in SLUICE_CASSANDRA_SINK_TEST_KEYSPACE for test_cassandra_sink.py to read
// with python3-cassandra; what it writes is what that file expects (keep the two in step).
TEST(CassandraSinkRows, WritesRowsForTheIndependentReader) {
  const std::string keyspace = env_or("SLUICE_CASSANDRA_SINK_TEST_KEYSPACE", "");
  if (keyspace.empty()) {
    GTEST_FAIL() << "SLUICE_CASSANDRA_SINK_TEST_KEYSPACE is not set (run it from "
                    "tests/services/test_cassandra_sink.py)";
  }
  const Schema schema({{"username", FieldType::kText},
                       {"email", FieldType::kText},
                       {"first_name", FieldType::kText},
                       {"last_name", FieldType::kText}},
                      "username");
  auto made = make_sink(sink_config(keyspace), schema);
  ASSERT_TRUE(made.ok()) << made.status().to_string();
  std::unique_ptr<Sink> sink = std::move(made).value();
  ASSERT_TRUE(sink->open().ok());
  std::vector<std::unique_ptr<Record>> records;
  SinkGroup group;
  for (int i = 0; i < 200; ++i) {
    auto& r = records.emplace_back(std::make_unique<Record>(&schema));
    r->set_text(0, "user-" + std::to_string(i));
    r->set_text(1, "u" + std::to_string(i) + "@x.io");
    r->set_text(2, "Zoë ✓ '" + std::to_string(i) + "'");
    if (i % 5 == 0) {
      r->set_null(3);
    } else {
      r->set_text(3, "O\"Neil " + std::to_string(i));
    }
    r->meta.partition = i % 4;
    r->meta.offset = 1000 + i;
    r->meta.ingest_time_ms = 1764077401123 + i;
    group.valid.push_back(r.get());
  }
  for (int j = 0; j < 50; ++j) {
    std::vector<Reason> reasons = {{"required", "email is missing"}};
    if (j % 2 == 1)
      reasons.push_back({"email_format", "email \"x" + std::to_string(j) + "\" has no @"});
    group.quarantine.push_back(
        QuarantineRow{{j % 4, 5000 + j},
                      j % 3 == 0 ? "" : "bad-" + std::to_string(j),
                      "{\"j\":" + std::to_string(j) + ",\"q\":\"\\\"x\\\"\"}",
                      reasons,
                      1764077401123});
  }
  SinkGroup again = group;  // a replay of the same positions changes nothing
  ASSERT_TRUE(write_and_wait(sink.get(), std::move(group)).ok());
  ASSERT_TRUE(write_and_wait(sink.get(), std::move(again)).ok());
}

}  // namespace
}  // namespace sluice::contract
