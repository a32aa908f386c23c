// The extension point of HttpServer: a handler that answers every request under a path prefix,
// whatever its method (HttpServer::mount). Plain structs, not the HTTP library's, so that the
// handlers (serve/api/) are tested without a socket and do not depend on cpp-httplib.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace sluice {

struct HttpRequest {
  std::string method;                             // "GET", "POST", ...
  std::string path;                               // percent-decoded, without the query
  std::multimap<std::string, std::string> query;  // decoded; a name may repeat
  std::map<std::string, std::string> headers;     // names lower-case
  std::string body;

  // The header's value, "" when absent. `name` in lower case.
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type
};

// Called from the server's worker threads, several at once: must be thread-safe.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

}  // namespace sluice
