// sluice's CQL client over TLS against the real Cassandra of scripts/services/cassandra, whose
// native port takes TLS and plaintext clients alike, with a certificate for 127.0.0.1 and
// localhost from the service's own CA. Driven by tests/services/test_cql_tls.py; not
// registered with ctest (Cassandra is not up there).
//
// Environment: SLUICE_CASSANDRA_HOSTS (default 127.0.0.1:9042), SLUICE_CASSANDRA_CA_FILE (the
// service's CA, $SLUICE_SERVICES_HOME/cassandra/tls/ca.pem), SLUICE_CQL_TEST_WRONG_CA (a CA
// that signed nothing the server holds), SLUICE_CQL_TEST_UNNAMED_HOST (host:port reaching the
// same server at an address its certificate does not name), and SLUICE_CASSANDRA_USER /
// SLUICE_CASSANDRA_PASSWORD_FILE when the server runs --auth.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "cassandra_test_env.h"
#include "cql/session.h"

namespace sluice::cql {
namespace {

using std::chrono::milliseconds;
using testing::env_or;

// Fails the test (never skips it) when the pytest did not set `name`.
std::string required_env(const char* name) {
  std::string value = env_or(name, "");
  if (value.empty()) {
    ADD_FAILURE() << name << " is not set: tests/services/test_cql_tls.py sets it";
  }
  return value;
}

// A session to `host` (default: the first of SLUICE_CASSANDRA_HOSTS) over TLS with `ca_file`.
SessionOptions tls_options(const std::string& ca_file, std::string host = "") {
  SessionOptions o;
  if (host.empty()) {
    host = env_or("SLUICE_CASSANDRA_HOSTS", "127.0.0.1:9042");
    host = host.substr(0, host.find(','));
  }
  o.contact_points = {host};
  o.connection.username = env_or("SLUICE_CASSANDRA_USER", "");
  if (!o.connection.username.empty()) {
    std::ifstream in(env_or("SLUICE_CASSANDRA_PASSWORD_FILE", ""));
    std::getline(in, o.connection.password);
  }
  o.connection.request_timeout = milliseconds(20000);  // schema changes on a busy machine
  o.connection.tls.enabled = true;
  o.connection.tls.ca_file = ca_file;
  o.retry.base_delay = milliseconds(20);
  return o;
}

SessionOptions service_tls() {
  return tls_options(required_env("SLUICE_CASSANDRA_CA_FILE"));
}

Statement cql(std::string query, std::vector<Value> values = {}) {
  Statement s;
  s.query = std::move(query);
  s.values = std::move(values);
  s.idempotent = true;
  return s;
}

// The server's view of its clients: port -> whether that connection is TLS.
std::map<int64_t, bool> clients(Session& s) {
  std::map<int64_t, bool> out;
  auto rows = s.fetch_all(cql("SELECT port, ssl_enabled FROM system_views.clients"));
  EXPECT_TRUE(rows.ok()) << rows.status().to_string();
  if (!rows.ok()) return out;
  for (const Row& r : *rows) {
    if (!r[0].is_null()) out[r[0].as_int64()] = !r[1].is_null() && r[1].as_bool();
  }
  return out;
}

TEST(CqlTls, TheServicesCaIsTrustedAndTheServerSeesATlsClient) {
  SessionOptions plain_options = service_tls();
  plain_options.connection.tls = TlsOptions{};
  auto plain = Session::connect(plain_options);
  ASSERT_TRUE(plain.ok()) << plain.status().to_string();
  const std::map<int64_t, bool> before = clients(**plain);

  auto s = Session::connect(service_tls());
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  auto r = (*s)->execute(cql("SELECT release_version FROM system.local"));
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_EQ(r->rows.rows.size(), 1u);
  // The plaintext session's own connection is there and not TLS; the new one is TLS.
  bool plain_seen = false;
  int new_tls = 0;
  for (const auto& [port, tls] : clients(**plain)) {
    if (before.count(port)) {
      plain_seen = plain_seen || !tls;
    } else if (tls) {
      new_tls++;
    }
  }
  EXPECT_TRUE(plain_seen);
  EXPECT_GE(new_tls, 1);
}

TEST(CqlTls, PlaintextAndTlsWorkSideBySideOnTheSamePort) {
  SessionOptions plain_options = service_tls();
  plain_options.connection.tls = TlsOptions{};
  auto plain = Session::connect(plain_options);
  ASSERT_TRUE(plain.ok()) << plain.status().to_string();
  auto tls = Session::connect(service_tls());
  ASSERT_TRUE(tls.ok()) << tls.status().to_string();
  EXPECT_EQ((*plain)->connected_to()->to_string(), (*tls)->connected_to()->to_string());
  for (int i = 0; i < 20; ++i) {
    Session& s = i % 2 ? **plain : **tls;
    auto r = s.execute(cql("SELECT cluster_name FROM system.local"));
    ASSERT_TRUE(r.ok()) << r.status().to_string();
    EXPECT_EQ(r->rows.rows[0][0], Value::text("sluice"));
  }
}

TEST(CqlTls, PreparedStatementsFromManyThreadsWithManyRequestsInFlight) {
  auto s = Session::connect(service_tls());
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  Session& session = **s;
  const std::string ks = "cql_tls_" + std::to_string(std::random_device{}() % 1000000);
  ASSERT_TRUE(session
                  .execute(cql("CREATE KEYSPACE " + ks +
                               " WITH replication = {'class': 'SimpleStrategy', "
                               "'replication_factor': 1}"))
                  .ok());
  ASSERT_TRUE(
      session.execute(cql("CREATE TABLE " + ks + ".t (k int PRIMARY KEY, thread int, v blob)"))
          .ok());
  const std::string insert = "INSERT INTO " + ks + ".t (k, thread, v) VALUES (?, ?, ?)";
  const std::string select = "SELECT v FROM " + ks + ".t WHERE k = ?";
  // Blobs of a few bytes to 96 KiB: frames of many TLS records, written and read while other
  // threads do the same on the one connection.
  auto blob = [](int k) {
    std::string v(k % 10 == 0 ? 96 * 1024 + k : 10 + k % 300, '\0');
    for (size_t i = 0; i < v.size(); ++i)
      v[i] = static_cast<char>((static_cast<size_t>(k) * 31 + i) % 251);
    return v;
  };
  constexpr int kThreads = 8;
  constexpr int kEach = 150;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const int k = t * 1000 + i;
        Statement write = cql(insert, {Value::int32(k), Value::int32(t), Value::blob(blob(k))});
        write.prepared = true;
        if (!session.execute(write).ok()) {
          failures++;
          continue;
        }
        Statement read = cql(select, {Value::int32(k)});
        read.prepared = true;
        auto r = session.execute(read);
        if (!r.ok() || r->rows.rows.size() != 1 || r->rows.rows[0][0] != Value::blob(blob(k))) {
          failures++;
        }
      }
    });
  }
  for (auto& th : threads)
    th.join();
  EXPECT_EQ(failures, 0);
  auto all = session.fetch_all(cql("SELECT k FROM " + ks + ".t"));
  ASSERT_TRUE(all.ok()) << all.status().to_string();
  EXPECT_EQ(all->size(), static_cast<size_t>(kThreads * kEach));
  EXPECT_EQ(session.stats().reconnects, 0u);
  EXPECT_TRUE(session.execute(cql("DROP KEYSPACE " + ks)).ok());
}

TEST(CqlTls, AnotherCaIsACertificateVerifyErrorNamingTheHost) {
  auto s = Session::connect(tls_options(required_env("SLUICE_CQL_TEST_WRONG_CA")));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kUnavailable);
  const std::string m = s.status().message();
  EXPECT_NE(m.find("TLS handshake with " + service_tls().contact_points[0] +
                   " failed: "
                   "certificate verify failed"),
            std::string::npos)
      << m;
}

TEST(CqlTls, TheSystemStoreDoesNotTrustTheServicesPrivateCa) {
  auto s = Session::connect(tls_options(""));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("certificate verify failed"), std::string::npos)
      << s.status().to_string();
}

TEST(CqlTls, AnAddressTheCertificateDoesNotNameIsRefusedUnlessVerificationIsOff) {
  const std::string unnamed = required_env("SLUICE_CQL_TEST_UNNAMED_HOST");
  const std::string ca = required_env("SLUICE_CASSANDRA_CA_FILE");
  auto s = Session::connect(tls_options(ca, unnamed));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("certificate verify failed: IP address mismatch"),
            std::string::npos)
      << s.status().to_string();

  SessionOptions unchecked = tls_options(ca, unnamed);
  unchecked.connection.tls.verify_hostname = false;
  auto u = Session::connect(unchecked);
  ASSERT_TRUE(u.ok()) << u.status().to_string();
  auto r = (*u)->execute(cql("SELECT release_version FROM system.local"));
  EXPECT_TRUE(r.ok()) << r.status().to_string();
}

TEST(CqlTls, LocalhostIsANameTheCertificateHolds) {
  std::string host = env_or("SLUICE_CASSANDRA_HOSTS", "127.0.0.1:9042");
  host = host.substr(0, host.find(','));
  const std::string port = host.substr(host.rfind(':') + 1);
  auto s =
      Session::connect(tls_options(required_env("SLUICE_CASSANDRA_CA_FILE"), "localhost:" + port));
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  auto r = (*s)->execute(cql("SELECT release_version FROM system.local"));
  EXPECT_TRUE(r.ok()) << r.status().to_string();
}

}  // namespace
}  // namespace sluice::cql
