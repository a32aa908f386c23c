// TlsSocket: one TLS connection (TLS 1.2 or 1.3) over a TcpSocket, as a Connection's
// Transport (transport.h: one reader and one writer at a time, shutdown() from any thread).
//
// One OpenSSL SSL object carries both directions and may not be used by two threads at once:
// in TLS 1.3 the server sends session tickets after the handshake and a read may have to
// write (the answer to a KeyUpdate), so the reader thread and a writer cannot each own a
// direction. So the socket is non-blocking, every SSL_read and SSL_write runs under one mutex
// and returns at once, and the waiting is done outside it, in poll(): a reader waiting on an
// idle connection never holds up a writer. SSL_ERROR_WANT_READ/WANT_WRITE say which way to
// wait. A write waits at most the send timeout each time the peer takes nothing (as
// SO_SNDTIMEO does for the plaintext socket); a read waits as long as it takes, until data
// comes, the peer closes, or shutdown() (shutdown(2) of the socket) wakes it.
//
// connect() verifies the server's certificate chain against the context's trusted CAs and,
// when `verify_hostname` is set, that the certificate names the host as the endpoint writes
// it: a DNS name against the certificate's DNS names (no partial wildcards), an IP address
// against its IP addresses. A DNS name is sent as SNI either way. No close_notify is sent on
// close: CQL frames carry their own lengths, so a cut-off stream is noticed anyway.
#pragma once

#include <openssl/types.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "cql/endpoint.h"
#include "cql/tcp_socket.h"
#include "cql/tls_context.h"
#include "cql/transport.h"

namespace sluice::cql {

class TlsSocket final : public Transport {
 public:
  TlsSocket() = default;
  ~TlsSocket() override;
  TlsSocket(const TlsSocket&) = delete;
  TlsSocket& operator=(const TlsSocket&) = delete;

  // TCP connect (TcpSocket::connect), then the handshake, each within `timeout`. kUnavailable
  // naming the endpoint and OpenSSL's reason when the handshake fails ("certificate verify
  // failed: unable to get local issuer certificate", "... IP address mismatch").
  Status connect(const Endpoint& endpoint, const TlsContext& context, bool verify_hostname,
                 std::chrono::milliseconds timeout, std::chrono::milliseconds send_timeout);

  Status read_exact(char* out, size_t n) override;
  Status write_all(std::string_view bytes) override;
  void shutdown() override;

 private:
  using Clock = std::chrono::steady_clock;
  struct Free {
    void operator()(SSL* ssl) const;
  };
  // What one SSL call under mu_ did: bytes moved, or SSL_get_error()'s verdict and, for a
  // failure, its text (taken on this thread, where OpenSSL queued it).
  struct Step {
    size_t bytes = 0;
    int error = 0;  // SSL_ERROR_NONE when bytes moved
    std::string why;
  };

  Status handshake(const Endpoint& endpoint, Clock::time_point deadline);
  Step read_step(char* out, size_t n);
  Step write_step(std::string_view bytes);
  // `why` if this is the session's first failed read or write, else the first one's reason.
  // Called under mu_.
  std::string first_failure(std::string why);
  // Waits for the socket to become readable (or writable), until `deadline` if there is one.
  // kTimeout when it passes; ok when the socket is ready, or hung up (the next SSL call says
  // why).
  Status wait(short events, std::optional<Clock::time_point> deadline) const;

  TcpSocket tcp_;
  std::unique_ptr<SSL, Free> ssl_;
  std::chrono::milliseconds send_timeout_{0};
  std::mutex mu_;  // held for every SSL_* call on ssl_ after the handshake, never while waiting
  // Why the session ended, from the first read or write that failed (under mu_). The reader and
  // the writer run on different threads: when the reader takes the server's fatal alert
  // ("certificate required"), a write just after fails only with "closed", and would hide it.
  std::string ended_why_;
};

}  // namespace sluice::cql
