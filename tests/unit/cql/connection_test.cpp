// Connection and Session against a scripted loopback peer (fake_server.h): the stream-id
// bookkeeping, timeouts, connection loss and failover, which a healthy real server rarely
// shows. The protocol itself is checked against real Cassandra in tests/integration/.
#include "cql/connection.h"

#include <gtest/gtest.h>

#include <future>
#include <string>
#include <thread>

#include "cql/session.h"
#include "fake_server.h"
#include "sample_frames.h"

namespace sluice::cql {
namespace {

using std::chrono::milliseconds;
using testing::FakePeer;
using testing::FakeRequest;
using testing::FakeServer;

std::string set_keyspace_result(const std::string& ks) {
  std::string b;
  WireWriter w(b);
  w.write_int(0x0003);
  (void)w.write_string(ks);
  return b;
}

// The query text of a QUERY body.
std::string query_of(const FakeRequest& r) {
  WireReader reader(r.body);
  auto q = reader.read_long_string();
  return q.ok() ? std::string(*q) : "";
}

// Reads STARTUP and answers it with AUTHENTICATE, as PasswordAuthenticator does.
bool ask_for_password(FakePeer& peer, FakeRequest* r) {
  if (!peer.read(r)) return false;
  std::string b;
  WireWriter w(b);
  (void)w.write_string("org.apache.cassandra.auth.PasswordAuthenticator");
  peer.write(r->stream, Opcode::kAuthenticate, b);
  return true;
}

// A peer that answers every request with a Set_keyspace result naming `name`.
std::function<void(FakePeer&)> answer_everything_with(std::string name) {
  return [name](FakePeer& peer) {
    if (!peer.accept_startup()) return;
    FakeRequest r;
    while (peer.read(&r))
      peer.write(r.stream, Opcode::kResult, set_keyspace_result(name));
  };
}

// A peer that completes the handshake and then reads everything and answers nothing.
void never_answer(FakePeer& peer) {
  if (!peer.accept_startup()) return;
  FakeRequest r;
  while (peer.read(&r)) {
  }
}

ConnectionOptions quick() {
  ConnectionOptions o;
  o.connect_timeout = milliseconds(2000);
  o.request_timeout = milliseconds(2000);
  return o;
}

TEST(CqlConnection, OutOfOrderResponsesReachTheirRequests) {
  FakeServer server([](FakePeer& peer) {
    if (!peer.accept_startup()) return;
    std::vector<FakeRequest> held;
    FakeRequest r;
    while (held.size() < 3 && peer.read(&r))
      held.push_back(r);
    for (auto it = held.rbegin(); it != held.rend(); ++it) {  // answer the last one first
      peer.write(it->stream, Opcode::kResult, set_keyspace_result(query_of(*it)));
    }
  });
  auto c = Connection::open(*parse_endpoint(server.endpoint()), quick());
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  std::vector<std::future<std::string>> answers;
  for (const char* q : {"a", "b", "c"}) {
    answers.push_back(std::async(std::launch::async, [&, q] {
      QueryParameters p;
      auto r = (*c)->request(Opcode::kQuery, *encode_query(q, p), milliseconds(2000));
      return r.ok() ? r->keyspace : r.status().to_string();
    }));
  }
  EXPECT_EQ(answers[0].get(), "a");
  EXPECT_EQ(answers[1].get(), "b");
  EXPECT_EQ(answers[2].get(), "c");
}

TEST(CqlConnection, TimedOutStreamIsNotReusedUntilItsAnswerArrives) {
  std::promise<void> release;
  auto released = release.get_future().share();
  FakeServer server([released](FakePeer& peer) {
    if (!peer.accept_startup()) return;
    FakeRequest slow, ping, next;
    if (!peer.read(&slow) || !peer.read(&ping)) return;
    peer.write(ping.stream, Opcode::kResult, set_keyspace_result("ping"));
    if (!peer.read(&next)) return;
    released.wait();
    peer.write(slow.stream, Opcode::kResult, set_keyspace_result("late"));
    peer.write(next.stream, Opcode::kResult, set_keyspace_result(query_of(next)));
    peer.read(&next);  // stay connected until the client closes
  });
  ConnectionOptions o = quick();
  o.max_in_flight = 2;
  auto c = Connection::open(*parse_endpoint(server.endpoint()), o);
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  QueryParameters p;
  auto slow = std::async(std::launch::async, [&] {
    return (*c)->request(Opcode::kQuery, *encode_query("slow", p), milliseconds(300));
  });
  std::this_thread::sleep_for(milliseconds(50));
  auto ping = (*c)->request(Opcode::kQuery, *encode_query("ping", p), milliseconds(2000));
  ASSERT_TRUE(ping.ok()) << ping.status().to_string();
  auto timed_out = slow.get();
  ASSERT_EQ(timed_out.status().code(), StatusCode::kTimeout);
  EXPECT_EQ(timed_out.status().message(),
            "QUERY to " + server.endpoint() + " got no answer within 300 ms");
  EXPECT_TRUE((*c)->alive());  // the node answered something meanwhile: it is alive
  auto next = std::async(std::launch::async, [&] {
    return (*c)->request(Opcode::kQuery, *encode_query("next", p), milliseconds(2000));
  });
  std::this_thread::sleep_for(milliseconds(50));
  release.set_value();
  auto r = next.get();
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->keyspace, "next");  // not the late answer meant for the abandoned stream
  EXPECT_TRUE((*c)->alive());
}

TEST(CqlConnection, NodeSilentForAWholeTimeoutIsClosed) {
  FakeServer server(never_answer);
  auto c = Connection::open(*parse_endpoint(server.endpoint()), quick());
  ASSERT_TRUE(c.ok());
  QueryParameters p;
  auto r = (*c)->request(Opcode::kQuery, *encode_query("q", p), milliseconds(100));
  EXPECT_EQ(r.status().code(), StatusCode::kTimeout);
  EXPECT_EQ(r.status().message(), "QUERY to " + server.endpoint() +
                                      " got no answer within 100 ms, nor anything else: "
                                      "connection closed");
  for (int i = 0; i < 100 && (*c)->alive(); ++i)
    std::this_thread::sleep_for(milliseconds(10));
  EXPECT_FALSE((*c)->alive());
}

TEST(CqlConnection, PeerClosingFailsWaitersWithUnavailable) {
  FakeServer server([](FakePeer& peer) {
    if (!peer.accept_startup()) return;
    FakeRequest r;
    peer.read(&r);  // then hang up without answering
  });
  auto c = Connection::open(*parse_endpoint(server.endpoint()), quick());
  ASSERT_TRUE(c.ok());
  QueryParameters p;
  auto r = (*c)->request(Opcode::kQuery, *encode_query("q", p), milliseconds(2000));
  ASSERT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_FALSE((*c)->alive());
  EXPECT_EQ((*c)->request(Opcode::kQuery, *encode_query("q", p), milliseconds(100)).status().code(),
            StatusCode::kUnavailable);
}

TEST(CqlConnection, GarbageFrameKillsTheConnectionAsCorruption) {
  FakeServer server([](FakePeer& peer) {
    if (!peer.accept_startup()) return;
    FakeRequest r;
    if (!peer.read(&r)) return;
    peer.write_raw(std::string("\x84\0\0\0\x08\x7f\xff\xff\xff", 9));  // 2 GiB body
    peer.read(&r);
  });
  ConnectionOptions o = quick();
  o.max_body_length = 1 << 20;
  auto c = Connection::open(*parse_endpoint(server.endpoint()), o);
  ASSERT_TRUE(c.ok());
  QueryParameters p;
  auto r = (*c)->request(Opcode::kQuery, *encode_query("q", p), milliseconds(2000));
  ASSERT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find("over the limit of 1048576"), std::string::npos);
  EXPECT_FALSE((*c)->alive());
}

TEST(CqlConnection, AuthenticateWithoutCredentialsSaysSo) {
  FakeServer server([](FakePeer& peer) {
    FakeRequest r;
    if (!ask_for_password(peer, &r)) return;
    peer.read(&r);
  });
  auto c = Connection::open(*parse_endpoint(server.endpoint()), quick());
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(c.status().message().find("requires credentials"), std::string::npos);
}

TEST(CqlConnection, PlainCredentialsAreSentAndNeverEchoed) {
  std::promise<std::string> token;
  FakeServer server([&token](FakePeer& peer) {
    FakeRequest r;
    if (!ask_for_password(peer, &r)) return;
    if (!peer.read(&r)) return;
    WireReader reader(r.body);
    token.set_value(std::string(**reader.read_bytes()));
    peer.write(r.stream, Opcode::kError, testing::error_body(0x0100));
    peer.read(&r);
  });
  ConnectionOptions o = quick();
  o.username = "sluice";
  o.password = "hunter2";
  auto c = Connection::open(*parse_endpoint(server.endpoint()), o);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(token.get_future().get(), std::string("\0sluice\0hunter2", 15));
  EXPECT_EQ(c.status().message().find("hunter2"), std::string::npos);
  EXPECT_NE(c.status().message().find("authentication failed"), std::string::npos);
}

TEST(CqlSession, FailsOverToTheNextContactPoint) {
  FakeServer first([](FakePeer& peer) {
    if (!peer.accept_startup()) return;
    FakeRequest r;
    peer.read(&r);  // dies holding the first request
  });
  FakeServer second(answer_everything_with("second"));
  SessionOptions o;
  o.contact_points = {first.endpoint(), second.endpoint()};
  o.connection = quick();
  o.retry.base_delay = milliseconds(1);
  auto s = Session::connect(o);
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  EXPECT_EQ((*s)->connected_to()->port, first.port());
  Statement st;
  st.query = "SELECT now() FROM system.local";
  st.idempotent = true;
  auto r = (*s)->execute(st);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->keyspace, "second");
  EXPECT_EQ((*s)->connected_to()->port, second.port());
  EXPECT_EQ((*s)->stats().retries, 1u);
  EXPECT_EQ((*s)->stats().reconnects, 1u);
  // Each node's requests count under its own name: the first lost one, the second served one.
  const auto hosts = (*s)->stats().hosts;
  ASSERT_EQ(hosts.size(), 2u);
  const HostRequestStats& lost = hosts.at(parse_endpoint(first.endpoint())->to_string());
  const HostRequestStats& served = hosts.at(parse_endpoint(second.endpoint())->to_string());
  EXPECT_EQ(lost.requests, 1u);
  EXPECT_EQ(lost.failures, 1u);
  EXPECT_EQ(served.requests, 1u);
  EXPECT_EQ(served.failures, 0u);
  uint64_t in_buckets = 0;
  for (uint64_t n : served.buckets)
    in_buckets += n;
  EXPECT_EQ(in_buckets, 1u);
}

TEST(CqlSession, SilentNodeTimesOutOnceThenTheNextNodeServes) {
  FakeServer silent(never_answer);
  FakeServer second(answer_everything_with("second"));
  SessionOptions o;
  o.contact_points = {silent.endpoint(), second.endpoint()};
  o.connection = quick();
  auto s = Session::connect(o);
  ASSERT_TRUE(s.ok());
  Statement st;
  st.query = "SELECT 1";
  st.idempotent = true;
  st.timeout = milliseconds(200);
  EXPECT_EQ((*s)->execute(st).status().code(), StatusCode::kTimeout);  // not retried
  auto r = (*s)->execute(st);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->keyspace, "second");
}

TEST(CqlSession, NonIdempotentStatementIsNotRetriedAfterConnectionLoss) {
  FakeServer first([](FakePeer& peer) {
    if (!peer.accept_startup()) return;
    FakeRequest r;
    peer.read(&r);
  });
  SessionOptions o;
  o.contact_points = {first.endpoint()};
  o.connection = quick();
  auto s = Session::connect(o);
  ASSERT_TRUE(s.ok());
  Statement st;
  st.query = "UPDATE t SET n = n + 1 WHERE k = 1";
  auto r = (*s)->execute(st);
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ((*s)->stats().retries, 0u);
}

TEST(CqlSession, OverloadedIsRetriedForIdempotentStatements) {
  std::atomic<int> seen{0};
  FakeServer server([&seen](FakePeer& peer) {
    if (!peer.accept_startup()) return;
    FakeRequest r;
    while (peer.read(&r)) {
      if (seen++ < 2) {
        peer.write(r.stream, Opcode::kError, testing::error_body(0x1001));
      } else {
        peer.write(r.stream, Opcode::kResult, set_keyspace_result("ok"));
      }
    }
  });
  SessionOptions o;
  o.contact_points = {server.endpoint()};
  o.connection = quick();
  o.retry.base_delay = milliseconds(1);
  auto s = Session::connect(o);
  ASSERT_TRUE(s.ok());
  Statement st;
  st.query = "SELECT 1";
  st.idempotent = true;
  auto r = (*s)->execute(st);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ((*s)->stats().retries, 2u);

  st.idempotent = false;
  seen = 0;
  ServerError e;
  r = (*s)->execute(st, &e);
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(e.code, ErrorCode::kOverloaded);
}

TEST(CqlSession, NoContactPointAnsweringNamesEachOne) {
  SessionOptions o;
  o.contact_points = {"127.0.0.1:1"};
  o.connection = quick();
  auto s = Session::connect(o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(s.status().message().find("127.0.0.1:1"), std::string::npos);
}

}  // namespace
}  // namespace sluice::cql
