// HttpServer: the endpoints of docs/operations.md ("HTTP endpoints") for one sluice process:
// /healthz (the process answers), /readyz (the pipeline opened its log and sink), /metrics
// (Prometheus text from the registry), /api/v1/status (JSON from the host's callback) and / (a
// small live page). Serves from its own thread; start() and stop() from the owning thread only.
#pragma once

#include <prometheus/registry.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "core/status.h"

namespace httplib {
class Server;
}

namespace sluice {

class HttpServer {
 public:
  using StatusJson = std::function<std::string()>;

  // `listen` is "host:port". The registry must outlive the server.
  HttpServer(std::string listen, std::shared_ptr<prometheus::Registry> registry,
             StatusJson status_json);
  ~HttpServer();

  // Binds and starts serving; fails with a clear message when the address is taken.
  Status start();
  void stop();
  void set_ready(bool ready) { ready_ = ready; }
  const std::string& listen() const { return listen_; }

 private:
  void add_routes();

  std::string listen_;
  std::shared_ptr<prometheus::Registry> registry_;
  StatusJson status_json_;
  std::atomic<bool> ready_{false};
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
};

}  // namespace sluice
