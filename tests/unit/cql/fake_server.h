// A scripted CQL peer on 127.0.0.1 for the Connection and Session unit tests: it accepts
// connections on an ephemeral port and runs the test's handler on each, which reads request
// frames and writes whatever response frames the case needs (out of order, late, never,
// or a closed socket). Given an OpenSSL server context it speaks TLS (blocking, one thread per
// peer), for the TLS tests. The real server is exercised by tests/integration/.
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cql/frame.h"
#include "cql/tls_bio.h"

namespace sluice::cql::testing {

struct FakeRequest {
  int16_t stream = 0;
  Opcode opcode = Opcode::kOptions;
  std::string body;
};

class FakePeer {
 public:
  explicit FakePeer(int fd, SSL* ssl = nullptr) : fd_(fd), ssl_(ssl) {}
  SSL* ssl() const { return ssl_; }  // null in plaintext
  bool read(FakeRequest* out) {
    char h[kHeaderSize];
    if (!read_exact(h, kHeaderSize)) return false;
    out->stream =
        static_cast<int16_t>((static_cast<uint8_t>(h[2]) << 8) | static_cast<uint8_t>(h[3]));
    out->opcode = static_cast<Opcode>(h[4]);
    uint32_t len = (uint32_t{static_cast<uint8_t>(h[5])} << 24) |
                   (uint32_t{static_cast<uint8_t>(h[6])} << 16) |
                   (uint32_t{static_cast<uint8_t>(h[7])} << 8) | static_cast<uint8_t>(h[8]);
    out->body.assign(len, '\0');
    return read_exact(out->body.data(), len);
  }
  void write(int16_t stream, Opcode op, const std::string& body) {
    std::string f;
    encode_header({kResponseVersion, 0, stream, op, static_cast<uint32_t>(body.size())}, f);
    f += body;
    write_raw(f);
  }
  // True when a read would find bytes now (so that a handler can gather what is in flight).
  bool readable_now() const {
    if (ssl_ != nullptr && SSL_pending(ssl_) > 0) return true;
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
  }
  void write_raw(const std::string& bytes) {
    if (ssl_ != nullptr) {
      size_t written = 0;
      (void)SSL_write_ex(ssl_, bytes.data(), bytes.size(), &written);
      return;
    }
    (void)!::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  }
  // Answers STARTUP with READY.
  bool accept_startup() {
    FakeRequest r;
    if (!read(&r) || r.opcode != Opcode::kStartup) return false;
    write(r.stream, Opcode::kReady, "");
    return true;
  }

 private:
  bool read_exact(char* p, size_t n) {
    while (n > 0) {
      size_t got = 0;
      if (ssl_ != nullptr) {
        if (SSL_read_ex(ssl_, p, n, &got) != 1) return false;
      } else {
        ssize_t r = ::recv(fd_, p, n, 0);
        if (r <= 0) return false;
        got = static_cast<size_t>(r);
      }
      p += got;
      n -= got;
    }
    return true;
  }
  int fd_;
  SSL* ssl_;
};

class FakeServer {
 public:
  // `tls`: an OpenSSL server context (not owned; it must outlive the server), or null for
  // plaintext. A peer whose TLS handshake fails never reaches the handler; why is kept
  // (handshake_failures()).
  explicit FakeServer(std::function<void(FakePeer&)> handler, SSL_CTX* tls = nullptr)
      : handler_(std::move(handler)), tls_(tls) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    EXPECT_EQ(::listen(listen_fd_, 8), 0);
    socklen_t len = sizeof a;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] {
      while (true) {
        int fd = ::accept(listen_fd_, nullptr, nullptr);
        if (fd < 0) return;
        fds_.push_back(fd);
        peers_.emplace_back([this, fd] {
          serve(fd);
          ::shutdown(fd, SHUT_RDWR);
        });
      }
    });
  }
  ~FakeServer() { stop(); }

  // Closes the listening socket and every accepted connection, and joins the handlers.
  void stop() {
    if (stopped_.exchange(true)) return;
    ::shutdown(listen_fd_, SHUT_RDWR);
    ::close(listen_fd_);
    thread_.join();
    for (int fd : fds_)
      ::shutdown(fd, SHUT_RDWR);
    for (auto& t : peers_)
      t.join();
    for (int fd : fds_)
      ::close(fd);
  }

  std::string endpoint() const { return "127.0.0.1:" + std::to_string(port_); }
  uint16_t port() const { return port_; }
  std::vector<std::string> handshake_failures() const {
    std::lock_guard<std::mutex> lock(mu_);
    return handshake_failures_;
  }

 private:
  void serve(int fd) {
    if (tls_ == nullptr) {
      FakePeer peer(fd);
      handler_(peer);
      return;
    }
    SSL* ssl = SSL_new(tls_);
    // OpenSSL's own socket BIO writes with write(2): a client that hung up would SIGPIPE the
    // test binary. The client's BIO sends with MSG_NOSIGNAL, and blocks as the socket does.
    BIO* bio = new_socket_bio(fd);
    SSL_set_bio(ssl, bio, bio);
    if (SSL_accept(ssl) == 1) {
      FakePeer peer(fd, ssl);
      handler_(peer);
    } else {
      char why[256];
      ERR_error_string_n(ERR_get_error(), why, sizeof why);
      ERR_clear_error();
      std::lock_guard<std::mutex> lock(mu_);
      handshake_failures_.emplace_back(why);
    }
    SSL_free(ssl);
  }

  std::function<void(FakePeer&)> handler_;
  SSL_CTX* tls_ = nullptr;
  mutable std::mutex mu_;
  std::vector<std::string> handshake_failures_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
  std::vector<int> fds_;
  std::vector<std::thread> peers_;
  std::atomic<bool> stopped_{false};
};

}  // namespace sluice::cql::testing
