#include "cql/tcp_socket.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace sluice::cql {
namespace {

std::string errno_text(int err) {
  return std::strerror(err);
}

// Non-blocking connect bounded by `timeout`; returns the connected fd (blocking again) or -1.
int connect_one(const addrinfo* ai, std::chrono::milliseconds timeout, int* err) {
  int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
  if (fd < 0) {
    *err = errno;
    return -1;
  }
  int flags = fcntl(fd, F_GETFL, 0);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  int rc = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
  if (rc != 0 && errno == EINPROGRESS) {
    pollfd p{fd, POLLOUT, 0};
    rc = ::poll(&p, 1, static_cast<int>(timeout.count()));
    if (rc == 0) {
      *err = ETIMEDOUT;
      ::close(fd);
      return -1;
    }
    int so_error = 0;
    socklen_t len = sizeof so_error;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len);
    rc = so_error == 0 && rc > 0 ? 0 : -1;
    errno = so_error ? so_error : errno;
  }
  if (rc != 0) {
    *err = errno;
    ::close(fd);
    return -1;
  }
  fcntl(fd, F_SETFL, flags);
  return fd;
}

}  // namespace

TcpSocket::~TcpSocket() {
  close();
}

Status TcpSocket::connect(const Endpoint& endpoint, std::chrono::milliseconds timeout,
                          std::chrono::milliseconds send_timeout) {
  close();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  std::string port = std::to_string(endpoint.port);
  int gai = getaddrinfo(endpoint.host.c_str(), port.c_str(), &hints, &list);
  if (gai != 0) {
    return Status::unavailable("cannot resolve " + endpoint.host + ": " + gai_strerror(gai));
  }
  int err = 0;
  for (addrinfo* ai = list; ai && fd_ < 0; ai = ai->ai_next)
    fd_ = connect_one(ai, timeout, &err);
  freeaddrinfo(list);
  if (fd_ < 0) {
    return Status::unavailable("cannot connect to " + endpoint.to_string() + ": " +
                               errno_text(err));
  }
  int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  timeval tv{static_cast<time_t>(send_timeout.count() / 1000),
             static_cast<suseconds_t>(send_timeout.count() % 1000 * 1000)};
  setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  return Status::ok_status();
}

Status TcpSocket::read_exact(char* out, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = ::recv(fd_, out + got, n - got, 0);
    if (r > 0) {
      got += static_cast<size_t>(r);
    } else if (r == 0) {
      return Status::unavailable("connection closed by peer");
    } else if (errno != EINTR) {
      return Status::unavailable("read failed: " + errno_text(errno));
    }
  }
  return Status::ok_status();
}

Status TcpSocket::write_all(std::string_view bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t r = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (r >= 0) {
      sent += static_cast<size_t>(r);
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      return Status::timeout("write timed out after " + std::to_string(sent) + " of " +
                             std::to_string(bytes.size()) + " bytes");
    } else if (errno != EINTR) {
      return Status::unavailable("write failed: " + errno_text(errno));
    }
  }
  return Status::ok_status();
}

void TcpSocket::shutdown() {
  if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);
}

void TcpSocket::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

}  // namespace sluice::cql
