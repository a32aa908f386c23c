// sluice's CQL client against a real Cassandra (scripts/services/cassandra start), driven by
// tests/services/test_cql_client.py. Not registered with ctest: Cassandra is not up there.
//
// Environment: SLUICE_CASSANDRA_HOSTS (default 127.0.0.1:9042, comma-separated),
// SLUICE_CASSANDRA_USER and SLUICE_CASSANDRA_PASSWORD_FILE (when the server runs --auth),
// SLUICE_CASSANDRA_CA_FILE (when set, every session is TLS, verified against that CA:
// tests/services/test_cql_tls.py runs the CqlClient suite so),
// SLUICE_CQL_TEST_KEYSPACE (made if missing and left in place for the pytest to read back;
// without it a throwaway keyspace is made and dropped).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cassandra_test_env.h"
#include "cql/connection.h"
#include "cql/request.h"
#include "cql/session.h"

namespace sluice::cql {
namespace {

using std::chrono::milliseconds;

using testing::env_or;

std::vector<std::string> hosts() {
  std::vector<std::string> out;
  std::stringstream in(env_or("SLUICE_CASSANDRA_HOSTS", "127.0.0.1:9042"));
  for (std::string h; std::getline(in, h, ',');) {
    if (!h.empty()) out.push_back(h);
  }
  return out;
}

bool auth_mode() {
  return !env_or("SLUICE_CASSANDRA_USER", "").empty();
}

std::string password() {
  std::ifstream in(env_or("SLUICE_CASSANDRA_PASSWORD_FILE", ""));
  std::string p;
  std::getline(in, p);
  return p;
}

SessionOptions options() {
  SessionOptions o;
  o.contact_points = hosts();
  o.connection.username = env_or("SLUICE_CASSANDRA_USER", "");
  if (auth_mode()) o.connection.password = password();
  o.connection.request_timeout = milliseconds(20000);  // schema changes on a busy machine
  o.retry.base_delay = milliseconds(20);
  o.connection.tls.ca_file = env_or("SLUICE_CASSANDRA_CA_FILE", "");
  o.connection.tls.enabled = !o.connection.tls.ca_file.empty();
  return o;
}

Statement cql(std::string query, std::vector<Value> values = {}) {
  Statement s;
  s.query = std::move(query);
  s.values = std::move(values);
  return s;
}

Statement prepared(std::string query, std::vector<Value> values = {}) {
  Statement s = cql(std::move(query), std::move(values));
  s.prepared = true;
  s.idempotent = true;
  return s;
}

Uuid uuid_of(const char* text) {
  return *parse_uuid(text);
}

// One session and one keyspace for the whole run.
class CqlClient : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    keyspace_ = env_or("SLUICE_CQL_TEST_KEYSPACE", "");
    owns_keyspace_ = keyspace_.empty();
    if (owns_keyspace_)
      keyspace_ = "cql_client_" + std::to_string(std::random_device{}() % 1000000);
    auto s = Session::connect(options());
    ASSERT_TRUE(s.ok()) << s.status().to_string();
    session_ = std::move(s).value().release();
    auto r = session_->execute(cql("CREATE KEYSPACE IF NOT EXISTS " + keyspace_ +
                                   " WITH replication = {'class': 'SimpleStrategy', "
                                   "'replication_factor': 1}"));
    ASSERT_TRUE(r.ok()) << r.status().to_string();
  }
  static void TearDownTestSuite() {
    if (session_ && owns_keyspace_) (void)session_->execute(cql("DROP KEYSPACE " + keyspace_));
    delete session_;
    session_ = nullptr;
  }

 protected:
  void SetUp() override {
    if (!session_) GTEST_FAIL() << "no session to Cassandra (is scripts/services/cassandra up?)";
  }
  static std::string table(const std::string& name) { return keyspace_ + "." + name; }
  static QueryResult must(const Statement& s) {
    auto r = session_->execute(s);
    EXPECT_TRUE(r.ok()) << s.query << ": " << r.status().to_string();
    return r.ok() ? std::move(r).value() : QueryResult{};
  }

  // Makes `name` a table of sink_row()'s columns and returns its prepared INSERT's text.
  static std::string sink_table(const std::string& name) {
    must(cql("CREATE TABLE IF NOT EXISTS " + name +
             " (name text PRIMARY KEY, n int, big bigint, ok boolean, score double, "
             "at timestamp, id uuid, raw blob, note varchar)"));
    return "INSERT INTO " + name +
           " (name, n, big, ok, score, at, id, raw, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  }

  static Session* session_;
  static std::string keyspace_;
  static bool owns_keyspace_;
};

Session* CqlClient::session_ = nullptr;
std::string CqlClient::keyspace_;
bool CqlClient::owns_keyspace_ = false;

TEST_F(CqlClient, OptionsAnswerSupported) {
  ConnectionOptions o = options().connection;
  auto c = Connection::open(*parse_endpoint(hosts()[0]), o);
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  auto supported = (*c)->options();
  ASSERT_TRUE(supported.ok()) << supported.status().to_string();
  ASSERT_TRUE(supported->count("CQL_VERSION"));
  EXPECT_EQ(supported->at("CQL_VERSION").at(0).substr(0, 2), "3.");
}

TEST_F(CqlClient, EveryResultKind) {
  QueryResult created =
      must(cql("CREATE TABLE IF NOT EXISTS " + table("kinds") + " (k int PRIMARY KEY, v text)"));
  // IF NOT EXISTS on an existing table answers Void; the first run answers Schema_change.
  if (created.kind == ResultKind::kSchemaChange) {
    EXPECT_EQ(created.schema_change.change_type, "CREATED");
    EXPECT_EQ(created.schema_change.target, "TABLE");
    EXPECT_EQ(created.schema_change.keyspace, keyspace_);
    EXPECT_EQ(created.schema_change.name, "kinds");
  } else {
    EXPECT_EQ(created.kind, ResultKind::kVoid);
  }
  QueryResult altered =
      must(cql("ALTER TABLE " + table("kinds") + " WITH comment = 'result kinds'"));
  EXPECT_EQ(altered.kind, ResultKind::kSchemaChange);
  EXPECT_EQ(altered.schema_change.change_type, "UPDATED");

  EXPECT_EQ(must(cql("INSERT INTO " + table("kinds") + " (k, v) VALUES (1, 'one')")).kind,
            ResultKind::kVoid);
  QueryResult rows = must(cql("SELECT k, v FROM " + table("kinds") + " WHERE k = 1"));
  ASSERT_EQ(rows.kind, ResultKind::kRows);
  ASSERT_EQ(rows.rows.rows.size(), 1u);
  EXPECT_EQ(rows.rows.metadata.columns[1].name, "v");
  EXPECT_EQ(rows.rows.rows[0][1], Value::text("one"));

  auto p = session_->prepare("SELECT v FROM " + table("kinds") + " WHERE k = ?");
  ASSERT_TRUE(p.ok()) << p.status().to_string();
  ASSERT_EQ((*p)->bind_markers.size(), 1u);
  EXPECT_EQ((*p)->bind_markers[0].name, "k");
  EXPECT_EQ((*p)->bind_markers[0].type.id, TypeId::kInt);
  EXPECT_EQ((*p)->partition_key_indexes, std::vector<uint16_t>{0});
  ASSERT_EQ((*p)->result_metadata.columns.size(), 1u);
  EXPECT_EQ((*p)->result_metadata.columns[0].type.id, TypeId::kVarchar);

  // USE on a connection of its own, so the shared session keeps no keyspace.
  auto c = Connection::open(*parse_endpoint(hosts()[0]), options().connection);
  ASSERT_TRUE(c.ok());
  QueryParameters params;
  auto use =
      (*c)->request(Opcode::kQuery, *encode_query("USE " + keyspace_, params), milliseconds(10000));
  ASSERT_TRUE(use.ok()) << use.status().to_string();
  EXPECT_EQ(use->kind, ResultKind::kSetKeyspace);
  EXPECT_EQ(use->keyspace, keyspace_);
}

TEST_F(CqlClient, PagesThroughMoreThanThreePages) {
  must(cql("CREATE TABLE IF NOT EXISTS " + table("paged") +
           " (p int, c int, v text, PRIMARY KEY (p, c))"));
  BatchStatement batch;
  batch.type = BatchType::kUnlogged;
  for (int c = 0; c < 230; ++c) {
    batch.statements.push_back(
        prepared("INSERT INTO " + table("paged") + " (p, c, v) VALUES (?, ?, ?)",
                 {Value::int32(1), Value::int32(c), Value::text("row " + std::to_string(c))}));
  }
  ASSERT_TRUE(session_->execute(batch).ok());

  Statement select =
      prepared("SELECT c, v FROM " + table("paged") + " WHERE p = ?", {Value::int32(1)});
  select.page_size = 50;
  int pages = 0;
  std::vector<int> seen;
  Status s = session_->for_each_page(select, [&](const Rows& page) {
    ++pages;
    EXPECT_LE(page.rows.size(), 50u);
    for (const Row& r : page.rows)
      seen.push_back(r[0].as_int32());
    return Status::ok_status();
  });
  ASSERT_TRUE(s.ok()) << s.to_string();
  EXPECT_EQ(pages, 5);  // 50 + 50 + 50 + 50 + 30
  ASSERT_EQ(seen.size(), 230u);
  for (int c = 0; c < 230; ++c)
    EXPECT_EQ(seen[static_cast<size_t>(c)], c);

  Statement simple = cql("SELECT c FROM " + table("paged") + " WHERE p = 1");
  simple.page_size = 64;
  auto all = session_->fetch_all(simple);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 230u);
}

// The row the pytest reads back with python3-cassandra (tests/services/test_cql_client.py).
std::vector<Value> sink_row(int i) {
  return {Value::text("user-" + std::to_string(i)),
          Value::int32(i * 7 - 100),
          Value::int64((int64_t{1} << 40) + i),
          Value::boolean(i % 2 == 0),
          Value::float64(i + 0.25),
          Value::timestamp(1700000000000 + int64_t{i} * 1000),
          Value::uuid(uuid_of("550e8400-e29b-41d4-a716-446655440000")),
          Value::blob(std::string("\x00\xff", 2) + std::to_string(i)),
          Value::text("Zoë ✓ " + std::to_string(i))};
}

TEST_F(CqlClient, PreparedStatementsWithEverySinkColumnType) {
  std::string insert = sink_table(table("sink_types"));
  for (int i = 0; i < 20; ++i)
    must(prepared(insert, sink_row(i)));
  // Nulls bind too.
  must(prepared(insert, {Value::text("nulls"), Value(), Value(), Value(), Value(), Value(), Value(),
                         Value(), Value()}));

  Statement select = prepared("SELECT name, n, big, ok, score, at, id, raw, note FROM " +
                                  table("sink_types") + " WHERE name = ?",
                              {Value::text("user-7")});
  select.consistency = Consistency::kOne;
  QueryResult r = must(select);
  ASSERT_EQ(r.rows.rows.size(), 1u);
  EXPECT_EQ(r.rows.rows[0], sink_row(7));
  const auto& cols = r.rows.metadata.columns;
  EXPECT_EQ(cols[5].type.id, TypeId::kTimestamp);
  EXPECT_EQ(cols[6].type.id, TypeId::kUuid);

  select.values = {Value::text("nulls")};
  r = must(select);
  ASSERT_EQ(r.rows.rows.size(), 1u);
  for (size_t c = 1; c < r.rows.rows[0].size(); ++c)
    EXPECT_TRUE(r.rows.rows[0][c].is_null());
}

TEST_F(CqlClient, CollectionsRoundTrip) {
  must(cql("CREATE TABLE IF NOT EXISTS " + table("collections") +
           " (k int PRIMARY KEY, l list<int>, s set<text>, m map<text, bigint>)"));
  Value l = Value::list({Value::int32(3), Value::int32(1)});
  Value s = Value::set({Value::text("a"), Value::text("b")});
  Value m = Value::map({{Value::text("x"), Value::int64(1)}, {Value::text("y"), Value::int64(2)}});
  must(prepared("INSERT INTO " + table("collections") + " (k, l, s, m) VALUES (?, ?, ?, ?)",
                {Value::int32(1), l, s, m}));
  QueryResult r = must(cql("SELECT l, s, m FROM " + table("collections") + " WHERE k = 1"));
  ASSERT_EQ(r.rows.rows.size(), 1u);
  EXPECT_EQ(r.rows.rows[0][0], l);
  EXPECT_EQ(r.rows.rows[0][1], s);
  EXPECT_EQ(r.rows.rows[0][2], m);
  EXPECT_EQ(r.rows.metadata.columns[2].type.to_string(), "map<text, bigint>");
}

TEST_F(CqlClient, LoggedBatchOfPreparedAndSimpleStatements) {
  must(cql("CREATE TABLE IF NOT EXISTS " + table("batched") + " (k int PRIMARY KEY, v text)"));
  BatchStatement b;
  b.statements.push_back(prepared("INSERT INTO " + table("batched") + " (k, v) VALUES (?, ?)",
                                  {Value::int32(1), Value::text("prepared")}));
  b.statements.push_back(cql("INSERT INTO " + table("batched") + " (k, v) VALUES (2, 'simple')"));
  b.statements.push_back(cql("INSERT INTO " + table("batched") + " (k, v) VALUES (?, ?)",
                             {Value::int32(3), Value::text("simple with values")}));
  auto r = session_->execute(b);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->kind, ResultKind::kVoid);
  auto rows = session_->fetch_all(cql("SELECT k, v FROM " + table("batched")));
  ASSERT_TRUE(rows.ok());
  std::set<std::string> values;
  for (const Row& row : *rows)
    values.insert(row[1].bytes());
  EXPECT_EQ(values, (std::set<std::string>{"prepared", "simple", "simple with values"}));
}

TEST_F(CqlClient, SyntaxErrorIsDecoded) {
  ServerError e;
  auto r = session_->execute(cql("SELEC nothing"), &e);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(e.code, ErrorCode::kSyntaxError);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("Syntax_error (0x2000)"), std::string::npos);
}

TEST_F(CqlClient, UnknownKeyspaceIsInvalid) {
  ServerError e;
  auto r = session_->execute(cql("SELECT * FROM no_such_keyspace_here.t"), &e);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(e.code, ErrorCode::kInvalid);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(e.message.find("no_such_keyspace_here"), std::string::npos) << e.message;
}

TEST_F(CqlClient, AlreadyExistsNamesKeyspaceAndTable) {
  must(cql("CREATE TABLE IF NOT EXISTS " + table("twice") + " (k int PRIMARY KEY)"));
  ServerError e;
  auto r = session_->execute(cql("CREATE TABLE " + table("twice") + " (k int PRIMARY KEY)"), &e);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(e.code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(e.keyspace, keyspace_);
  EXPECT_EQ(e.table, "twice");
}

TEST_F(CqlClient, UnavailableForAConsistencyOneNodeCannotMeet) {
  must(cql("CREATE TABLE IF NOT EXISTS " + table("strict") + " (k int PRIMARY KEY)"));
  Statement s = prepared("INSERT INTO " + table("strict") + " (k) VALUES (?)", {Value::int32(1)});
  s.consistency = Consistency::kTwo;  // one node, replication factor 1
  uint64_t retries_before = session_->stats().retries;
  ServerError e;
  auto r = session_->execute(s, &e);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(e.code, ErrorCode::kUnavailable);
  EXPECT_EQ(e.consistency, Consistency::kTwo);
  EXPECT_EQ(e.required, 2);
  EXPECT_EQ(e.alive, 1);
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(session_->stats().retries - retries_before, 3u);  // idempotent: retried 3 times

  s.idempotent = false;
  retries_before = session_->stats().retries;
  EXPECT_FALSE(session_->execute(s).ok());
  EXPECT_EQ(session_->stats().retries, retries_before);
}

TEST_F(CqlClient, UnpreparedAfterDropAndRecreateIsPreparedAgain) {
  std::string create = "CREATE TABLE " + table("recreated") + " (k int PRIMARY KEY, v text)";
  (void)session_->execute(cql("DROP TABLE IF EXISTS " + table("recreated")));
  must(cql(create));
  std::string insert = "INSERT INTO " + table("recreated") + " (k, v) VALUES (?, ?)";
  must(prepared(insert, {Value::int32(1), Value::text("before")}));
  must(cql("DROP TABLE " + table("recreated")));
  must(cql(create));
  uint64_t reprepares = session_->stats().reprepares;
  Statement again = prepared(insert, {Value::int32(2), Value::text("after")});
  again.idempotent = false;  // re-preparing is not a retry: the statement never ran
  must(again);
  EXPECT_EQ(session_->stats().reprepares, reprepares + 1);
  QueryResult r = must(cql("SELECT v FROM " + table("recreated") + " WHERE k = 2"));
  ASSERT_EQ(r.rows.rows.size(), 1u);
  EXPECT_EQ(r.rows.rows[0][0], Value::text("after"));
}

TEST_F(CqlClient, ManyRequestsInFlightFromManyThreads) {
  must(cql("CREATE TABLE IF NOT EXISTS " + table("concurrent") + " (k int PRIMARY KEY, t int)"));
  std::string insert = "INSERT INTO " + table("concurrent") + " (k, t) VALUES (?, ?)";
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  threads.reserve(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 150; ++i) {
        if (!session_->execute(prepared(insert, {Value::int32(t * 1000 + i), Value::int32(t)}))
                 .ok()) {
          failures++;
        }
      }
    });
  }
  for (auto& th : threads)
    th.join();
  EXPECT_EQ(failures, 0);
  auto rows = session_->fetch_all(cql("SELECT k FROM " + table("concurrent")));
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 8u * 150u);
}

// The rows tests/services/test_cql_client.py reads back with python3-cassandra.
TEST_F(CqlClient, WritesRowsForTheIndependentReader) {
  std::string insert = sink_table(table("for_python"));
  for (int i = 0; i < 100; ++i)
    must(prepared(insert, sink_row(i)));
}

// --auth only: tests/services/test_cql_client_auth.py sets SLUICE_CASSANDRA_USER.
TEST(CqlAuth, PasswordAuthenticatorAcceptsTheRightPassword) {
  if (!auth_mode()) {
    GTEST_FAIL() << "CqlAuth.* needs a server in --auth mode and SLUICE_CASSANDRA_USER set: "
                    "tests/services/test_cql_client_auth.py runs them so";
  }
  auto s = Session::connect(options());
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  auto r = (*s)->execute(cql("SELECT release_version FROM system.local"));
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->rows.rows.size(), 1u);
}

TEST(CqlAuth, WrongPasswordIsAClearError) {
  if (!auth_mode()) {
    GTEST_FAIL() << "CqlAuth.* needs a server in --auth mode and SLUICE_CASSANDRA_USER set: "
                    "tests/services/test_cql_client_auth.py runs them so";
  }
  SessionOptions o = options();
  o.connection.password = "not-the-password";
  auto s = Session::connect(o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.status().message().find("authentication failed"), std::string::npos)
      << s.status().to_string();
  EXPECT_EQ(s.status().message().find("not-the-password"), std::string::npos);
}

TEST(CqlAuth, MissingCredentialsAreAClearError) {
  if (!auth_mode()) {
    GTEST_FAIL() << "CqlAuth.* needs a server in --auth mode and SLUICE_CASSANDRA_USER set: "
                    "tests/services/test_cql_client_auth.py runs them so";
  }
  SessionOptions o = options();
  o.connection.username.clear();
  auto s = Session::connect(o);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("requires credentials"), std::string::npos)
      << s.status().to_string();
}

}  // namespace
}  // namespace sluice::cql
