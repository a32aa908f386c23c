// A scripted CQL peer on 127.0.0.1 for the Connection and Session unit tests: it accepts
// connections on an ephemeral port and runs the test's handler on each, which reads request
// frames and writes whatever response frames the case needs (out of order, late, never,
// or a closed socket). The real server is exercised by tests/integration/cql_client_test.cpp.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "cql/frame.h"

namespace sluice::cql::testing {

struct FakeRequest {
  int16_t stream = 0;
  Opcode opcode = Opcode::kOptions;
  std::string body;
};

class FakePeer {
 public:
  explicit FakePeer(int fd) : fd_(fd) {}
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
    (void)!::send(fd_, f.data(), f.size(), MSG_NOSIGNAL);
  }
  void write_raw(const std::string& bytes) {
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
      ssize_t r = ::recv(fd_, p, n, 0);
      if (r <= 0) return false;
      p += r;
      n -= static_cast<size_t>(r);
    }
    return true;
  }
  int fd_;
};

class FakeServer {
 public:
  explicit FakeServer(std::function<void(FakePeer&)> handler) : handler_(std::move(handler)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(listen_fd_, 8);
    socklen_t len = sizeof a;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] {
      while (true) {
        int fd = ::accept(listen_fd_, nullptr, nullptr);
        if (fd < 0) return;
        fds_.push_back(fd);
        peers_.emplace_back([this, fd] {
          FakePeer peer(fd);
          handler_(peer);
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

 private:
  std::function<void(FakePeer&)> handler_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
  std::vector<int> fds_;
  std::vector<std::thread> peers_;
  std::atomic<bool> stopped_{false};
};

}  // namespace sluice::cql::testing
