// TcpSocket: one blocking TCP connection (TCP_NODELAY), owned: the destructor closes it; the
// plaintext Transport, and what TlsSocket runs TLS over. connect() resolves the host and tries
// each address with a deadline. read_exact/write_all block; shutdown() may be called from
// another thread to wake a blocked reader (that is how a Connection stops its reader thread).
// Otherwise not thread-safe: one reader and one writer at a time, each serialised by the caller.
#pragma once

#include <chrono>
#include <string_view>

#include "core/status.h"
#include "cql/endpoint.h"
#include "cql/transport.h"

namespace sluice::cql {

class TcpSocket final : public Transport {
 public:
  TcpSocket() = default;
  ~TcpSocket() override;
  TcpSocket(const TcpSocket&) = delete;
  TcpSocket& operator=(const TcpSocket&) = delete;

  // kUnavailable when no address answers within `timeout`. `send_timeout` bounds each write
  // (a peer that stops reading must not hang a writer forever).
  Status connect(const Endpoint& endpoint, std::chrono::milliseconds timeout,
                 std::chrono::milliseconds send_timeout);

  // kUnavailable on EOF or a socket error.
  Status read_exact(char* out, size_t n) override;
  Status write_all(std::string_view bytes) override;

  void shutdown() override;  // wakes a blocked read; safe from any thread
  void close();

  int fd() const { return fd_; }  // -1 when not connected; for a TLS layer on top

 private:
  int fd_ = -1;
};

}  // namespace sluice::cql
