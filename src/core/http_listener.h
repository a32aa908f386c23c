// What sluice's two cpp-httplib listeners (the metrics/health/dashboard server and the mock
// API) share: their socket options and how their accept loop is started.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

namespace sluice {

// For httplib::Server::set_socket_options (its socket_t is an int on POSIX): SO_REUSEADDR
// only. cpp-httplib's default turns on SO_REUSEPORT, which lets a second process bind a port
// another one is listening on, after which the kernel splits new connections between the two:
// a second `sluice run` or `sluice mock-api` on a taken port would quietly answer half of the
// scrapes or pages instead of failing. SO_REUSEADDR alone still lets a restarted process bind
// at once while the old one's connections sit in TIME_WAIT.
void set_listen_socket_options(int socket);

// Runs the bound `server`'s listen_after_bind() on a new thread, returned once the accept loop
// runs (or has already ended): httplib's stop() does nothing before the loop runs, so a stop()
// and join right after start (Ctrl-C at once, a failure in the next step) would wait forever.
template <typename HttplibServer>
std::thread serve_after_bind(HttplibServer& server) {
  auto ended = std::make_shared<std::atomic<bool>>(false);
  std::thread thread([&server, ended] {
    server.listen_after_bind();
    *ended = true;
  });
  while (!server.is_running() && !ended->load())
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return thread;
}

}  // namespace sluice
