// Transport: the byte stream a Connection speaks CQL over, plain TCP (tcp_socket.h) or TLS on
// top of it (tls_socket.h). A Connection reads on its reader thread while request threads
// write, one frame at a time, so every transport allows one reader and one writer at once,
// each serialised by the caller, and shutdown() from any thread at any time.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string_view>

#include "core/status.h"
#include "cql/endpoint.h"
#include "cql/tls_options.h"

namespace sluice::cql {

class Transport {
 public:
  virtual ~Transport() = default;

  // Blocks until all `n` bytes are read; kUnavailable on EOF, a socket or TLS error, or once
  // shutdown() was called.
  virtual Status read_exact(char* out, size_t n) = 0;
  // Blocks until every byte is sent; kTimeout when the peer took nothing for the send timeout
  // (a peer that stops reading must not hang a writer), kUnavailable on a socket or TLS error.
  virtual Status write_all(std::string_view bytes) = 0;
  // Wakes a blocked read or write, which then fails; safe from any thread.
  virtual void shutdown() = 0;
};

// Connects to `endpoint` within `connect_timeout`: plain TCP when `tls.enabled` is false, else
// TCP then the TLS handshake (tls_socket.h says what is verified). `send_timeout` bounds each
// wait of a write for the peer to take bytes. Errors name the endpoint: kUnavailable when the
// node cannot be reached or the handshake fails, kInvalidArgument when the TLS files cannot be
// used (that will not change on another node).
Result<std::unique_ptr<Transport>> connect_transport(const Endpoint& endpoint,
                                                     const TlsOptions& tls,
                                                     std::chrono::milliseconds connect_timeout,
                                                     std::chrono::milliseconds send_timeout);

}  // namespace sluice::cql
