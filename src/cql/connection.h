// Connection: one connection to one Cassandra node speaking protocol v4, over plain TCP or TLS
// (transport.h), with many requests in flight at once, told apart by stream id. A reader
// thread owns the transport's read side and hands each response to the request waiting on
// its stream id; requests write their frames under a mutex. Every request has its own
// timeout: a request that times out gives its stream id back only when (if ever) the late
// response arrives, so ids are never confused. A request that times out while no frame at all
// arrived since it was sent closes the connection: a node silent for a whole timeout is taken
// for dead (Cassandra's own timeouts are shorter than the 12 s default, so a live node answers
// first, if only with an error).
//
// open() connects (and runs the TLS handshake when options.tls says so; its failures name the
// host and OpenSSL's reason), then runs the CQL handshake: STARTUP, then READY, or
// AUTHENTICATE answered with SASL PLAIN (username and password; neither is ever logged or put
// in a Status), then USE of the keyspace if one is given.
//
// Thread-safe: request() may be called from any number of threads. Once the socket fails or
// the peer sends an undecodable frame the connection is dead for good: every waiting and
// later request fails with kUnavailable (kCorruption for a bad frame) naming the host, and
// the owner (Session) replaces it. The destructor closes the socket and joins the reader.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"
#include "cql/endpoint.h"
#include "cql/frame.h"
#include "cql/response.h"
#include "cql/tls_options.h"
#include "cql/transport.h"

namespace sluice::cql {

struct ConnectionOptions {
  std::chrono::milliseconds connect_timeout{5000};   // TCP connect plus the handshake
  std::chrono::milliseconds request_timeout{12000};  // default for request()
  std::string username;  // empty: no credentials (an AUTHENTICATE then fails clearly)
  std::string password;
  std::string keyspace;  // "": none; else USE'd after the handshake
  uint32_t max_body_length = kDefaultMaxBodyLength;
  int max_in_flight = 1024;  // stream ids handed out at once (1..32768)
  TlsOptions tls;            // off: plaintext TCP (tls_options.h)
};

class Connection {
 public:
  static Result<std::unique_ptr<Connection>> open(const Endpoint& endpoint,
                                                  const ConnectionOptions& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Sends `body` as an `op` request and waits up to `timeout` for the response frame.
  // Errors are transport errors only (a server ERROR is a frame like any other).
  Result<Frame> round_trip(Opcode op, std::string_view body, std::chrono::milliseconds timeout);

  // round_trip() then decode. A RESULT comes back as its QueryResult; an ERROR as its
  // ServerError::to_status(), with the typed error stored in *error when given (left empty
  // for any other failure). `cached` decodes rows sent without metadata.
  Result<QueryResult> request(Opcode op, std::string_view body, std::chrono::milliseconds timeout,
                              std::optional<ServerError>* error = nullptr,
                              const RowsMetadata* cached = nullptr);

  // OPTIONS -> SUPPORTED: the server's startup options (CQL_VERSION, COMPRESSION, ...).
  Result<std::map<std::string, std::vector<std::string>>> options();

  bool alive() const;
  Status failure() const;  // why it died; ok while alive
  const Endpoint& endpoint() const { return endpoint_; }
  // endpoint().to_string(), made once: the session files every request's figures under it.
  const std::string& endpoint_text() const { return endpoint_text_; }
  const ConnectionOptions& settings() const { return options_; }

 private:
  enum class SlotState { kFree, kWaiting, kDone, kFailed, kAbandoned };
  struct Slot {
    SlotState state = SlotState::kFree;
    Frame frame;
    std::condition_variable cv;
  };

  Connection(const Endpoint& endpoint, const ConnectionOptions& options);
  Status handshake();
  Status authenticate(const std::string& authenticator);
  void reader_loop();
  void fail_all(const Status& why);
  void close_with(const Status& why);  // dead from now on, for `why`; from any thread
  Result<int16_t> acquire_stream(std::chrono::steady_clock::time_point deadline);
  void release_stream(int16_t stream);  // with mu_ held

  const Endpoint endpoint_;
  const std::string endpoint_text_;
  const ConnectionOptions options_;
  const int num_streams_;  // max_in_flight clamped to 1..kMaxStreams
  // Set by open() before the reader starts and kept until the destructor has joined it.
  std::unique_ptr<Transport> transport_;
  std::thread reader_;

  std::mutex write_mu_;  // one frame on the wire at a time

  mutable std::mutex mu_;  // guards everything below
  std::unique_ptr<Slot[]> slots_;
  std::vector<int16_t> free_streams_;
  std::condition_variable stream_freed_;
  bool dead_ = false;
  Status failure_;
  std::chrono::steady_clock::time_point last_frame_at_{};  // when the reader last got a frame
};

}  // namespace sluice::cql
