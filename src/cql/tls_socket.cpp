#include "cql/tls_socket.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <string>

#include "cql/tls_bio.h"
#include "cql/tls_error.h"

namespace sluice::cql {
namespace {

bool is_ip_address(const std::string& host) {
  unsigned char buffer[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

// SNI for a name (never for an address, RFC 6066), and the name or address the certificate
// must hold.
Status expect_server(SSL* ssl, const std::string& host, bool verify_hostname) {
  const bool ip = is_ip_address(host);
  if (!ip && SSL_set_tlsext_host_name(ssl, host.c_str()) != 1) {
    return Status::invalid_argument("TLS: cannot send " + host + " as the server name: " +
                                    take_openssl_errors("not a valid name"));
  }
  if (!verify_hostname) return Status::ok_status();
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  const int set = ip ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str())
                     : X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
  if (set != 1) {
    return Status::invalid_argument("TLS: cannot check certificates against " + host + ": " +
                                    take_openssl_errors("not a valid name"));
  }
  return Status::ok_status();
}

// Replies that are not TLS at all: the port speaks something else (plaintext CQL only).
bool not_tls_reply(unsigned long e) {
  const int reason = ERR_GET_REASON(e);
  return reason == SSL_R_WRONG_VERSION_NUMBER || reason == SSL_R_PACKET_LENGTH_TOO_LONG ||
         reason == SSL_R_UNEXPECTED_EOF_WHILE_READING;
}

// Why a handshake failed, for its Status. `err_no` is errno right after the failed call.
std::string handshake_failure(SSL* ssl, int error, int err_no, const std::string& host) {
  const long verify = SSL_get_verify_result(ssl);
  if (verify != X509_V_OK) {
    ERR_clear_error();  // its one entry says "certificate verify failed": said below with why
    std::string why =
        std::string("certificate verify failed: ") + X509_verify_cert_error_string(verify);
    if (verify == X509_V_ERR_HOSTNAME_MISMATCH || verify == X509_V_ERR_IP_ADDRESS_MISMATCH) {
      why += " (the certificate does not name " + host + ")";
    }
    return why;
  }
  const unsigned long first = ERR_peek_error();
  if (error == SSL_ERROR_SYSCALL && first == 0) {
    if (err_no != 0) return std::strerror(err_no);
    return "the server closed the connection (does it speak TLS on this port?)";
  }
  std::string why = take_openssl_errors("TLS protocol error");
  if (not_tls_reply(first)) why += " (does the server speak TLS on this port?)";
  return why;
}

// Why a read or write failed, for its Status.
std::string io_failure(int error, int err_no, const char* op) {
  if (error == SSL_ERROR_ZERO_RETURN) return "connection closed by peer";
  const unsigned long first = ERR_peek_error();
  if (error == SSL_ERROR_SYSCALL && first == 0) {
    if (err_no == 0) return "connection closed by peer";
    return std::string(op) + " failed: " + std::strerror(err_no);
  }
  if (ERR_GET_REASON(first) == SSL_R_UNEXPECTED_EOF_WHILE_READING) {
    ERR_clear_error();
    return "connection closed by peer (without a TLS close_notify)";
  }
  if (error == SSL_ERROR_SYSCALL || error == SSL_ERROR_SSL) {
    return std::string("TLS ") + op + " failed: " + take_openssl_errors("TLS protocol error");
  }
  return std::string("TLS ") + op + " failed: SSL error " + std::to_string(error);
}

bool wants_io(int error) {
  return error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE;
}

short events_for(int error) {
  return error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
}

}  // namespace

void TlsSocket::Free::operator()(SSL* ssl) const {
  SSL_free(ssl);
}

TlsSocket::~TlsSocket() = default;

Status TlsSocket::connect(const Endpoint& endpoint, const TlsContext& context, bool verify_hostname,
                          std::chrono::milliseconds timeout,
                          std::chrono::milliseconds send_timeout) {
  send_timeout_ = send_timeout;
  SLUICE_RETURN_IF_ERROR(tcp_.connect(endpoint, timeout, send_timeout));
  const auto deadline = Clock::now() + timeout;
  const int fd = tcp_.fd();
  const int flags = fcntl(fd, F_GETFL, 0);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) {
    return Status::unavailable("TLS: cannot make the socket to " + endpoint.to_string() +
                               " non-blocking: " + std::strerror(errno));
  }
  ERR_clear_error();
  ssl_.reset(SSL_new(context.get()));
  BIO* bio = ssl_ ? new_socket_bio(fd) : nullptr;
  if (bio == nullptr) {
    return Status::internal("TLS: cannot set up a connection: " +
                            take_openssl_errors("out of memory"));
  }
  SSL_set_bio(ssl_.get(), bio, bio);  // the SSL owns the BIO from here on
  SLUICE_RETURN_IF_ERROR(expect_server(ssl_.get(), endpoint.host, verify_hostname));
  return handshake(endpoint, deadline);
}

Status TlsSocket::handshake(const Endpoint& endpoint, Clock::time_point deadline) {
  // No other thread knows the socket yet: no lock needed.
  const std::string with = "TLS handshake with " + endpoint.to_string();
  while (true) {
    ERR_clear_error();
    errno = 0;
    const int rc = SSL_connect(ssl_.get());
    if (rc == 1) return Status::ok_status();
    const int err_no = errno;
    const int error = SSL_get_error(ssl_.get(), rc);
    if (!wants_io(error)) {
      return Status::unavailable(
          with + " failed: " + handshake_failure(ssl_.get(), error, err_no, endpoint.host));
    }
    Status ready = wait(events_for(error), deadline);
    if (ready.code() == StatusCode::kTimeout) {
      return Status::unavailable(with + " got no answer in time");
    }
    if (!ready.ok()) return ready.with_context(with);
  }
}

std::string TlsSocket::first_failure(std::string why) {
  if (ended_why_.empty()) ended_why_ = std::move(why);
  return ended_why_;
}

TlsSocket::Step TlsSocket::read_step(char* out, size_t n) {
  std::lock_guard<std::mutex> lock(mu_);
  ERR_clear_error();
  errno = 0;
  Step step;
  if (SSL_read_ex(ssl_.get(), out, n, &step.bytes) == 1) return step;
  const int err_no = errno;
  step.error = SSL_get_error(ssl_.get(), 0);
  if (!wants_io(step.error)) step.why = first_failure(io_failure(step.error, err_no, "read"));
  return step;
}

TlsSocket::Step TlsSocket::write_step(std::string_view bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  ERR_clear_error();
  errno = 0;
  Step step;
  if (SSL_write_ex(ssl_.get(), bytes.data(), bytes.size(), &step.bytes) == 1) return step;
  const int err_no = errno;
  step.error = SSL_get_error(ssl_.get(), 0);
  if (!wants_io(step.error)) step.why = first_failure(io_failure(step.error, err_no, "write"));
  return step;
}

Status TlsSocket::read_exact(char* out, size_t n) {
  size_t got = 0;
  while (got < n) {
    Step step = read_step(out + got, n - got);
    if (step.error == SSL_ERROR_NONE) {
      got += step.bytes;
    } else if (wants_io(step.error)) {
      // No deadline: a connection may stay idle as long as it likes; shutdown() ends the wait.
      SLUICE_RETURN_IF_ERROR(wait(events_for(step.error), std::nullopt));
    } else {
      return Status::unavailable(step.why);
    }
  }
  return Status::ok_status();
}

Status TlsSocket::write_all(std::string_view bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    Step step = write_step(bytes.substr(sent));
    if (step.error == SSL_ERROR_NONE) {
      sent += step.bytes;
    } else if (wants_io(step.error)) {
      // Retried with the same bytes from `sent`, as OpenSSL requires after WANT_WRITE.
      Status ready = wait(events_for(step.error), Clock::now() + send_timeout_);
      if (ready.code() == StatusCode::kTimeout) {
        return Status::timeout("write timed out after " + std::to_string(sent) + " of " +
                               std::to_string(bytes.size()) + " bytes");
      }
      SLUICE_RETURN_IF_ERROR(ready);
    } else {
      return Status::unavailable(step.why);
    }
  }
  return Status::ok_status();
}

void TlsSocket::shutdown() {
  tcp_.shutdown();
}

Status TlsSocket::wait(short events, std::optional<Clock::time_point> deadline) const {
  pollfd p{tcp_.fd(), events, 0};
  while (true) {
    int timeout_ms = -1;
    if (deadline) {
      const auto left =
          std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now()).count();
      if (left <= 0) return Status::timeout("socket not ready in time");
      timeout_ms = static_cast<int>(std::min<long long>(left, INT_MAX));
    }
    const int rc = ::poll(&p, 1, timeout_ms);
    if (rc > 0) return Status::ok_status();  // ready, or hung up: the next SSL call says which
    if (rc == 0) return Status::timeout("socket not ready in time");
    if (errno != EINTR)
      return Status::unavailable(std::string("poll failed: ") + std::strerror(errno));
  }
}

}  // namespace sluice::cql
