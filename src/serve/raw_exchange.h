// HttpServer::answer_raw's parts: an httplib::Server that can be handed one request as bytes
// instead of a socket (cpp-httplib reads requests from its Stream interface, and its
// process_request() is protected, for subclasses like this one).
#pragma once

#include <memory>

namespace httplib {
class Server;
}

namespace sluice {

// What HttpServer serves with: a plain httplib::Server that answer_raw() can also feed.
std::unique_ptr<httplib::Server> make_raw_server();

}  // namespace sluice
