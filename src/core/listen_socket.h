// Socket options for sluice's HTTP listeners (the metrics/health/dashboard server and the mock
// API). cpp-httplib's default turns on SO_REUSEPORT, which lets a second process bind a port
// another one is listening on, after which the kernel splits new connections between the two:
// a second `sluice run` or `sluice mock-api` on a taken port would quietly answer half of the
// scrapes or pages instead of failing. SO_REUSEADDR alone still lets a restarted process bind
// at once while the old one's connections sit in TIME_WAIT.
#pragma once

namespace sluice {

// For httplib::Server::set_socket_options (its socket_t is an int on POSIX).
void set_listen_socket_options(int socket);

}  // namespace sluice
