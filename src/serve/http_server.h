// HttpServer: the endpoints of docs/operations.md ("HTTP endpoints") for one sluice process:
// /healthz (the process answers), /readyz (200 once started and while nothing is waiting on a
// server, else 503 with what is missing: core/health.h), /metrics
// (Prometheus text from the registry, plus the process metrics of serve/process_metrics.h),
// /api/v1/status (JSON from the host's callback), what hosts mount (the workflow API, serve/api/),
// and the dashboard: / and /ui/<file> from the files compiled in (serve/web_assets.h). Under /api/
// an unknown path, a body over kMaxRequestBody or a request the server cannot read is answered with
// the API's JSON error (serve/api_error.h). Everything under /api/ needs the bearer token and is
// rate-limited per client (serve/api_guard.h); the rest is open. No CORS header is ever sent: a
// page of another origin cannot read the API. Serves from its own thread; start() and stop() from
// the owning thread only.
#pragma once

#include <prometheus/collectable.h>
#include <prometheus/registry.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "core/health.h"
#include "core/status.h"
#include "serve/api_access.h"
#include "serve/api_guard.h"
#include "serve/http_handler.h"
#include "serve/process_metrics.h"

namespace httplib {
class Server;
}

namespace sluice {

class HttpServer {
 public:
  using StatusJson = std::function<std::string()>;

  // `listen` is "host:port"; `access` guards /api/. The registry and the health must outlive
  // the server.
  HttpServer(std::string listen, const ApiAccess& access,
             std::shared_ptr<prometheus::Registry> registry, StatusJson status_json,
             const Health* health);
  ~HttpServer();

  // More metrics for /metrics beside the registry's (a sink's own counters, say); before
  // start(). The collectable must stay alive as long as the server.
  void add_collectable(std::shared_ptr<const prometheus::Collectable> collectable) {
    collectables_.push_back(std::move(collectable));
  }
  // Answers every request whose path is `prefix` or below it ("/api/v1/workflows/..."), of
  // any method, with `handler`; before start(). `prefix` starts with '/' and has no regex
  // characters. The handler must stay valid until stop().
  void mount(std::string prefix, HttpHandler handler) {
    mounts_.emplace_back(std::move(prefix), std::move(handler));
  }
  // Request bodies above this are refused (413) before they are read, on every path.
  static constexpr size_t kMaxRequestBody = size_t{64} * 1024;
  // Requests with more header lines, or more header bytes, are refused (431). cpp-httplib
  // itself refuses a line over 8 KiB (400).
  static constexpr size_t kMaxHeaderCount = 100;
  static constexpr size_t kMaxHeaderBytes = size_t{32} * 1024;

  // Binds and starts serving; fails with a clear message when the address is taken. Warns when
  // the address is not a loopback one: then the token is the only guard of the API.
  Status start();
  void stop();
  // Reads one request from `raw` (the bytes a client sends) and answers it as start() would,
  // through the same routes, limits and error answers, without a socket; returns the response's
  // bytes. For the HTTP fuzzer and tests of requests a client library would not send
  // (serve/raw_exchange.cpp). Not while the server is started.
  std::string answer_raw(std::string_view raw);
  const std::string& listen() const { return listen_; }

 private:
  void add_routes();            // once, by start() or answer_raw()
  void add_dashboard_routes();  // `/` and /ui/<file> from serve/web_assets.h
  void add_mounts();
  void add_guards();  // the header limits, and ApiGuard under /api/

  std::string listen_;
  std::shared_ptr<prometheus::Registry> registry_;
  ProcessMetrics process_metrics_;
  std::vector<std::shared_ptr<const prometheus::Collectable>>
      collectables_;  // process_* and sluice_build_info, beside the registry's
  std::vector<std::pair<std::string, HttpHandler>> mounts_;
  StatusJson status_json_;
  const Health* health_;
  ApiGuard guard_;
  std::unique_ptr<httplib::Server> server_;  // a RawServer (serve/raw_exchange.cpp)
  bool routes_added_ = false;
  std::thread thread_;
};

}  // namespace sluice
