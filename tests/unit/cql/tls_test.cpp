// TLS under Connection and Session, against a scripted loopback peer speaking TLS
// (fake_server.h) with certificates made per test (test_pki.h): what is verified (the chain,
// the host name or address, expiry), what fails and how it says so, client certificates,
// and the one-SSL-object locking under many requests in flight while the server forces TLS
// 1.3 key updates. The real server is exercised by tests/integration/cql_tls_test.cpp.
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "../test_dir.h"
#include "cql/connection.h"
#include "cql/session.h"
#include "cql/tls_context.h"
#include "cql/tls_socket.h"
#include "fake_server.h"
#include "test_pki.h"

namespace sluice::cql {
namespace {

using std::chrono::milliseconds;
using testing::CertSpec;
using testing::FakePeer;
using testing::FakeRequest;
using testing::FakeServer;
using testing::Issued;
using testing::TestPki;

struct CtxFree {
  void operator()(SSL_CTX* c) const { SSL_CTX_free(c); }
};
using ServerCtx = std::unique_ptr<SSL_CTX, CtxFree>;

// A server context presenting `cert`; when `client_ca` is given, a client certificate it
// signed is required.
ServerCtx server_context(const Issued& cert, const Issued* client_ca = nullptr) {
  ServerCtx ctx(SSL_CTX_new(TLS_server_method()));
  EXPECT_EQ(SSL_CTX_use_certificate_file(ctx.get(), cert.cert_file.c_str(), SSL_FILETYPE_PEM), 1);
  EXPECT_EQ(SSL_CTX_use_PrivateKey_file(ctx.get(), cert.key_file.c_str(), SSL_FILETYPE_PEM), 1);
  if (client_ca != nullptr) {
    EXPECT_EQ(SSL_CTX_load_verify_locations(ctx.get(), client_ca->cert_file.c_str(), nullptr), 1);
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  }
  return ctx;
}

// READY to STARTUP, then every request answered with a RESULT whose body is the request's.
void echo(FakePeer& peer) {
  if (!peer.accept_startup()) return;
  FakeRequest r;
  while (peer.read(&r))
    peer.write(r.stream, Opcode::kResult, r.body);
}

void never_answer(FakePeer& peer) {
  if (!peer.accept_startup()) return;
  FakeRequest r;
  while (peer.read(&r)) {
  }
}

class CqlTls : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = sluice::testing::fresh_test_dir("sluice_cql_tls_test");
    pki_ = std::make_unique<TestPki>(dir_);
    ca_ = pki_->make_ca("ca");
    CertSpec spec;
    spec.common_name = "node1";
    spec.subject_alt_names = "IP:127.0.0.1, DNS:localhost";
    server_ = pki_->issue("server", spec, ca_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  ConnectionOptions tls_options() const {
    ConnectionOptions o;
    o.connect_timeout = milliseconds(3000);
    o.request_timeout = milliseconds(3000);
    o.tls.enabled = true;
    o.tls.ca_file = ca_.cert_file;
    return o;
  }
  static Endpoint at(const std::string& host, const FakeServer& server) {
    return Endpoint{host, server.port()};
  }

  std::filesystem::path dir_;
  std::unique_ptr<TestPki> pki_;
  Issued ca_;
  Issued server_;
};

TEST_F(CqlTls, TheServerIsVerifiedAgainstTheCaAndRequestsRoundTrip) {
  ServerCtx ctx = server_context(server_);
  FakeServer server(echo, ctx.get());
  auto c = Connection::open(at("127.0.0.1", server), tls_options());
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  auto f = (*c)->round_trip(Opcode::kQuery, "over TLS", milliseconds(3000));
  ASSERT_TRUE(f.ok()) << f.status().to_string();
  EXPECT_EQ(f->body, "over TLS");
  EXPECT_TRUE(server.handshake_failures().empty());
}

TEST_F(CqlTls, ANameIsCheckedAgainstTheCertificateAndSentAsSni) {
  ServerCtx ctx = server_context(server_);
  std::mutex mu;
  std::string sni;
  FakeServer server(
      [&](FakePeer& peer) {
        const char* name = SSL_get_servername(peer.ssl(), TLSEXT_NAMETYPE_host_name);
        {
          std::lock_guard<std::mutex> lock(mu);
          sni = name ? name : "(none)";
        }
        echo(peer);
      },
      ctx.get());
  auto c = Connection::open(at("localhost", server), tls_options());
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  std::lock_guard<std::mutex> lock(mu);
  EXPECT_EQ(sni, "localhost");
}

TEST_F(CqlTls, AnotherCaIsACertificateVerifyErrorNamingTheHost) {
  ServerCtx ctx = server_context(server_);
  FakeServer server(echo, ctx.get());
  ConnectionOptions o = tls_options();
  o.tls.ca_file = pki_->make_ca("other").cert_file;
  auto c = Connection::open(at("127.0.0.1", server), o);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kUnavailable);
  const std::string m = c.status().message();
  EXPECT_NE(m.find("TLS handshake with " + server.endpoint() + " failed"), std::string::npos) << m;
  EXPECT_NE(m.find("certificate verify failed: unable to get local issuer certificate"),
            std::string::npos)
      << m;
}

TEST_F(CqlTls, TheSystemStoreDoesNotTrustAPrivateCa) {
  ServerCtx ctx = server_context(server_);
  FakeServer server(echo, ctx.get());
  ConnectionOptions o = tls_options();
  o.tls.ca_file.clear();
  auto c = Connection::open(at("127.0.0.1", server), o);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("certificate verify failed"), std::string::npos)
      << c.status().to_string();
}

TEST_F(CqlTls, AHostTheCertificateDoesNotNameFailsUnlessVerificationIsOff) {
  CertSpec spec;
  spec.common_name = "127.0.0.1";  // a common name is never taken for the host
  spec.subject_alt_names = "DNS:db.example";
  ServerCtx ctx = server_context(pki_->issue("elsewhere", spec, ca_));
  FakeServer server(echo, ctx.get());

  auto by_ip = Connection::open(at("127.0.0.1", server), tls_options());
  ASSERT_FALSE(by_ip.ok());
  EXPECT_NE(by_ip.status().message().find(
                "certificate verify failed: IP address mismatch (the certificate does not name "
                "127.0.0.1)"),
            std::string::npos)
      << by_ip.status().to_string();
  auto by_name = Connection::open(at("localhost", server), tls_options());
  ASSERT_FALSE(by_name.ok());
  EXPECT_NE(by_name.status().message().find("hostname mismatch"), std::string::npos)
      << by_name.status().to_string();

  ConnectionOptions unchecked = tls_options();
  unchecked.tls.verify_hostname = false;
  auto c = Connection::open(at("127.0.0.1", server), unchecked);
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  auto f = (*c)->round_trip(Opcode::kQuery, "x", milliseconds(3000));
  EXPECT_TRUE(f.ok()) << f.status().to_string();
}

TEST_F(CqlTls, AnExpiredCertificateIsRefusedEvenWithoutHostnameChecks) {
  CertSpec spec;
  spec.common_name = "node1";
  spec.subject_alt_names = "IP:127.0.0.1";
  spec.valid_from_s = -7200;
  spec.valid_until_s = -3600;
  ServerCtx ctx = server_context(pki_->issue("expired", spec, ca_));
  FakeServer server(echo, ctx.get());
  ConnectionOptions o = tls_options();
  o.tls.verify_hostname = false;
  auto c = Connection::open(at("127.0.0.1", server), o);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("certificate verify failed: certificate has expired"),
            std::string::npos)
      << c.status().to_string();
}

TEST_F(CqlTls, APlaintextServerIsAHandshakeErrorThatSaysSo) {
  // What a plaintext-only node does with a ClientHello: answers it with a CQL error frame.
  FakeServer server([](FakePeer& peer) { peer.write(0, Opcode::kError, std::string(12, '\0')); });
  auto c = Connection::open(at("127.0.0.1", server), tls_options());
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(c.status().message().find("does the server speak TLS on this port?"), std::string::npos)
      << c.status().to_string();
}

TEST_F(CqlTls, AClientCertificateIsSentToAServerThatRequiresOne) {
  Issued client_ca = pki_->make_ca("client-ca");
  CertSpec spec;
  spec.common_name = "sluice-worker";
  spec.client = true;
  Issued client = pki_->issue("client", spec, client_ca);
  ServerCtx ctx = server_context(server_, &client_ca);
  std::mutex mu;
  std::string peer_name;
  FakeServer server(
      [&](FakePeer& peer) {
        X509* cert = SSL_get0_peer_certificate(peer.ssl());
        char cn[64] = "";
        if (cert) X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, 64);
        {
          std::lock_guard<std::mutex> lock(mu);
          peer_name = cn;
        }
        echo(peer);
      },
      ctx.get());

  // Without one the server refuses (in TLS 1.3 after the client's side of the handshake, so
  // the refusal arrives as the first read: STARTUP fails).
  auto refused = Connection::open(at("127.0.0.1", server), tls_options());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("certificate required"), std::string::npos)
      << refused.status().to_string();

  ConnectionOptions o = tls_options();
  o.tls.cert_file = client.cert_file;
  o.tls.key_file = client.key_file;
  auto c = Connection::open(at("127.0.0.1", server), o);
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  std::lock_guard<std::mutex> lock(mu);
  EXPECT_EQ(peer_name, "sluice-worker");
}

TEST_F(CqlTls, UnusableFilesAreInvalidArgumentsNamingTheFile) {
  CertSpec spec;
  spec.common_name = "sluice-worker";
  spec.client = true;
  Issued client = pki_->issue("client", spec, ca_);
  struct Case {
    TlsOptions tls;
    std::string want;
  };
  auto with = [&](std::string ca, std::string cert, std::string key) {
    TlsOptions t;
    t.enabled = true;
    t.ca_file = std::move(ca);
    t.cert_file = std::move(cert);
    t.key_file = std::move(key);
    return t;
  };
  const std::string missing = (dir_ / "missing.pem").string();
  const std::string not_pem = (dir_ / "ca.key").string();  // a key where certificates belong
  const Case cases[] = {
      {with(missing, "", ""), "TLS CA file " + missing + ": cannot read it: No such file"},
      {with(not_pem, "", ""), "TLS CA file " + not_pem + ": "},
      {with(ca_.cert_file, client.cert_file, ""), "needs both cert_file and key_file"},
      {with(ca_.cert_file, client.cert_file, server_.key_file),
       "TLS key file " + server_.key_file + ": not the private key of the certificate in " +
           client.cert_file},
      {with(ca_.cert_file, client.cert_file, pki_->write_encrypted_key("locked", client)),
       "(it must be PEM and not encrypted)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.want);
    auto made = TlsContext::make(c.tls);
    ASSERT_FALSE(made.ok());
    EXPECT_EQ(made.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(made.status().message().find(c.want), std::string::npos) << made.status().to_string();
  }
}

TEST_F(CqlTls, ManyRequestsInFlightFromManyThreadsWhileTheServerUpdatesKeys) {
  ServerCtx ctx = server_context(server_);
  // Answers out of order (whatever requests have arrived, up to 4, in reverse) and asks for a
  // TLS 1.3 key update now and then, which the client's reader must answer with a write of its
  // own while the writers write.
  std::atomic<int> version{0};
  FakeServer server(
      [&](FakePeer& peer) {
        version = SSL_version(peer.ssl());
        if (!peer.accept_startup()) return;
        std::vector<FakeRequest> held;
        FakeRequest r;
        int answered = 0;
        while (peer.read(&r)) {
          held.push_back(r);
          if (held.size() < 4 && peer.readable_now()) continue;
          for (auto it = held.rbegin(); it != held.rend(); ++it) {
            if (++answered % 50 == 0) SSL_key_update(peer.ssl(), SSL_KEY_UPDATE_REQUESTED);
            peer.write(it->stream, Opcode::kResult, it->body);
          }
          held.clear();
        }
      },
      ctx.get());
  ConnectionOptions o = tls_options();
  o.request_timeout = milliseconds(20000);
  auto c = Connection::open(at("127.0.0.1", server), o);
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  constexpr int kThreads = 8;
  constexpr int kEach = 100;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        // Bodies from a few bytes to 192 KiB: many TLS records each, partial writes.
        const size_t size = (i % 7 == 0) ? 192 * 1024 + i : 16 + i;
        std::string body(size, static_cast<char>('a' + (t + i) % 26));
        body.replace(0, 16, std::to_string(t * 100000 + i) + "/");
        auto f = (*c)->round_trip(Opcode::kQuery, body, milliseconds(20000));
        if (!f.ok() || f->body != body) wrong++;
      }
    });
  }
  for (auto& th : threads)
    th.join();
  EXPECT_EQ(wrong, 0);
  EXPECT_TRUE((*c)->alive()) << (*c)->failure().to_string();
  EXPECT_EQ(version, TLS1_3_VERSION);  // key updates are TLS 1.3's
}

TEST_F(CqlTls, ClosingWakesTheReaderAndATimedOutRequestClosesTheConnection) {
  ServerCtx ctx = server_context(server_);
  FakeServer server(never_answer, ctx.get());
  auto c = Connection::open(at("127.0.0.1", server), tls_options());
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  // Nothing at all comes back for a whole timeout: the connection closes itself, which must
  // wake its reader, blocked in poll() on an idle TLS socket.
  auto f = (*c)->round_trip(Opcode::kQuery, "x", milliseconds(300));
  EXPECT_EQ(f.status().code(), StatusCode::kTimeout);
  EXPECT_FALSE((*c)->alive());
  const auto start = std::chrono::steady_clock::now();
  c = Status::aborted("dropped");  // destroys the connection: joins the reader
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(2000));

  // The same with the reader idle and the connection still alive.
  auto d = Connection::open(at("127.0.0.1", server), tls_options());
  ASSERT_TRUE(d.ok()) << d.status().to_string();
  const auto again = std::chrono::steady_clock::now();
  d = Status::aborted("dropped");
  EXPECT_LT(std::chrono::steady_clock::now() - again, milliseconds(2000));
}

TEST_F(CqlTls, AWriteTimesOutWhenThePeerStopsReading) {
  ServerCtx ctx = server_context(server_);
  std::atomic<bool> done{false};
  FakeServer server(
      [&](FakePeer& /*peer*/) {
        while (!done)
          std::this_thread::sleep_for(milliseconds(20));
      },
      ctx.get());
  auto context = TlsContext::make(tls_options().tls);
  ASSERT_TRUE(context.ok()) << context.status().to_string();
  TlsSocket socket;
  Status s = socket.connect(at("127.0.0.1", server), *context, true, milliseconds(3000),
                            milliseconds(300));
  ASSERT_TRUE(s.ok()) << s.to_string();
  const std::string big(64 << 20, 'x');  // more than both sockets' buffers hold
  const auto start = std::chrono::steady_clock::now();
  s = socket.write_all(big);
  done = true;
  EXPECT_EQ(s.code(), StatusCode::kTimeout) << s.to_string();
  EXPECT_NE(s.message().find("write timed out after"), std::string::npos) << s.to_string();
  EXPECT_NE(s.message().find("of 67108864 bytes"), std::string::npos) << s.to_string();
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(20000));
}

TEST_F(CqlTls, TheSessionFailsOverPastANodeThatFailsVerificationButNotPastBadFiles) {
  CertSpec spec;
  spec.common_name = "other";
  spec.subject_alt_names = "DNS:db.example";
  ServerCtx wrong_ctx = server_context(pki_->issue("wrong", spec, ca_));
  ServerCtx good_ctx = server_context(server_);
  FakeServer wrong(echo, wrong_ctx.get());
  FakeServer good(echo, good_ctx.get());
  SessionOptions o;
  o.contact_points = {wrong.endpoint(), good.endpoint()};
  o.connection = tls_options();
  auto s = Session::connect(o);
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  EXPECT_EQ((*s)->connected_to()->to_string(), good.endpoint());

  o.connection.tls.ca_file = (dir_ / "nowhere.pem").string();
  auto bad = Session::connect(o);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find(wrong.endpoint() + ": TLS CA file"), std::string::npos)
      << bad.status().to_string();
}

}  // namespace
}  // namespace sluice::cql
