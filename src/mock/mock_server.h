// MockServer: the HTTP face of `sluice mock-api` (docs/mock_api.md). Serves
//   GET /api/?results=N&page=P&seed=S          randomuser.me's response shape
//   GET /debug/expectations?results=N&page=P&seed=S   what the generator broke, per record
// with request faults injected per (page, attempt) as request_faults.h describes.
// start() and stop() may be called from any thread; requests are served on httplib's pool.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/status.h"

namespace sluice::mock {

struct MockServerOptions {
  std::string host = "127.0.0.1";
  int port = 8081;    // 0 picks a free port; port() tells which
  uint64_t seed = 1;  // default for requests without `seed`, and the fault plan's seed
  double invalid_rate = 0;
  double error_rate = 0;
  int slow_ms = 2000;        // how long a "slow" fault waits before answering
  int retry_after_s = 1;     // Retry-After of a 429
  bool log_requests = true;  // one short line per request (spdlog, info)
  // Pages after this one come back with no results (0: no end), so that a pipeline test can
  // ingest a known number of records and then sees the source's end, as a file source has.
  int64_t max_page = 0;
  // Every /api/ request answers 503, on every attempt: a source that is down, for tests of
  // what failing ingest runs look like from outside (metrics, alerts). --error-rate cannot do
  // that, since a page's 4th attempt always succeeds.
  bool down = false;
};

class MockServer {
 public:
  explicit MockServer(MockServerOptions options);
  ~MockServer();  // stops if running
  MockServer(const MockServer&) = delete;
  MockServer& operator=(const MockServer&) = delete;

  // Binds and starts serving on a background thread; returns once the port is bound (so
  // clients can connect immediately). IoError if the address cannot be bound.
  Status start();
  int port() const { return port_; }
  // Stops serving and joins the thread. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace sluice::mock
