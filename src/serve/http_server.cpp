#include "serve/http_server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <prometheus/text_serializer.h>
#include <spdlog/spdlog.h>

#include <array>
#include <cctype>
#include <string>
#include <string_view>
#include <utility>

#include "core/http_listener.h"
#include "serve/api_error.h"
#include "serve/raw_exchange.h"
#include "serve/web_assets.h"

namespace sluice {
namespace {

HttpRequest to_request(const httplib::Request& req) {
  HttpRequest out;
  out.method = req.method;
  out.path = req.path;
  // The URL's query only: httplib adds the fields of a form-encoded body to req.params too,
  // and `curl -d '{...}'` labels a JSON body so unless told otherwise.
  if (const size_t q = req.target.find('?'); q != std::string::npos) {
    httplib::Params params;
    httplib::detail::parse_query_text(req.target.substr(q + 1), params);
    out.query.insert(params.begin(), params.end());
  }
  for (const auto& [name, value] : req.headers) {
    std::string lower = name;
    for (char& c : lower)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers.emplace(std::move(lower), value);
  }
  out.body = req.body;
  return out;
}

void write_response(const HttpResponse& answer, httplib::Response& res) {
  res.status = answer.status;
  for (const auto& [name, value] : answer.headers)
    res.set_header(name, value);
  res.set_content(answer.body, answer.content_type.c_str());
}

bool known_method(std::string_view method) {
  static constexpr std::array<std::string_view, 9> kKnown = {
      "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};
  for (std::string_view m : kKnown) {
    if (m == method) return true;
  }
  return false;
}

// What the server answered on its own under /api/ (no route, a body too large, a request it
// could not read), as the API's JSON error instead of an empty body; and a method it does not
// know, on any path, as 501 instead of cpp-httplib's bare 400.
httplib::Server::HandlerResponse api_error_for(const httplib::Request& req,
                                               httplib::Response& res) {
  if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
  if (res.status == 400 && !req.method.empty() && !known_method(req.method)) {
    write_response(
        api_error(501, fmt::format("the server does not implement the method '{}'", req.method)),
        res);
    return httplib::Server::HandlerResponse::Handled;
  }
  if (req.path.rfind("/api/", 0) != 0) return httplib::Server::HandlerResponse::Unhandled;
  std::string detail;
  switch (res.status) {
    case 404:
      detail =
          fmt::format("no endpoint {} {} (docs/api/openapi.yaml lists them)", req.method, req.path);
      break;
    case 413:
      detail = fmt::format("the request body is larger than {} bytes", HttpServer::kMaxRequestBody);
      break;
    default:
      detail = fmt::format("the server could not handle {} {}", req.method, req.path);
  }
  write_response(api_error(res.status, detail), res);
  return httplib::Server::HandlerResponse::Handled;
}

// 127.0.0.0/8, ::1 or localhost: reachable from this machine only.
bool loopback_host(std::string_view host) {
  return host.starts_with("127.") || host == "localhost" || host == "::1" || host == "[::1]";
}

}  // namespace

HttpServer::HttpServer(std::string listen, const ApiAccess& access,
                       std::shared_ptr<prometheus::Registry> registry, StatusJson status_json,
                       const Health* health)
    : listen_(std::move(listen)),
      registry_(std::move(registry)),
      status_json_(std::move(status_json)),
      health_(health),
      guard_(access.token, access.rate_limit_per_s, access.rate_limit_burst),
      server_(make_raw_server()) {}

HttpServer::~HttpServer() {
  stop();
}

void HttpServer::add_routes() {
  if (routes_added_) return;
  routes_added_ = true;
  server_->Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain");
  });
  server_->Get("/readyz", [this](const httplib::Request&, httplib::Response& res) {
    res.status = health_->ready() ? 200 : 503;
    res.set_content(health_->describe() + "\n", "text/plain");
  });
  server_->Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    prometheus::TextSerializer serializer;
    std::vector<prometheus::MetricFamily> families = registry_->Collect();
    for (auto& f : process_metrics_.Collect())
      families.push_back(std::move(f));
    for (const auto& c : collectables_) {
      for (auto& f : c->Collect())
        families.push_back(std::move(f));
    }
    res.set_content(serializer.Serialize(families), "text/plain; version=0.0.4; charset=utf-8");
  });
  server_->Get("/api/v1/status", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(status_json_(), "application/json");
  });
  add_dashboard_routes();
  add_mounts();
  add_guards();
  server_->set_payload_max_length(kMaxRequestBody);
  server_->set_error_handler(httplib::Server::HandlerWithResponse(api_error_for));
}

void HttpServer::add_dashboard_routes() {
  // no-cache: a browser revalidates, so a new binary's page is never mixed with old scripts.
  auto serve = [](const WebAsset& asset, httplib::Response& res) {
    res.set_header("Cache-Control", "no-cache");
    res.set_content(std::string(asset.body), std::string(web_content_type(asset.name)));
  };
  server_->Get("/", [serve](const httplib::Request&, httplib::Response& res) {
    if (const WebAsset* index = find_web_asset("index.html")) serve(*index, res);
  });
  server_->Get(R"(/ui/([A-Za-z0-9_.-]+))",
               [serve](const httplib::Request& req, httplib::Response& res) {
                 const WebAsset* asset = find_web_asset(req.matches[1].str());
                 if (asset == nullptr) {
                   res.status = 404;
                   res.set_content("no such dashboard file\n", "text/plain");
                   return;
                 }
                 serve(*asset, res);
               });
}

void HttpServer::add_mounts() {
  for (const auto& [prefix, handler] : mounts_) {
    const std::string pattern = prefix + "(/.*)?";
    auto route = [handler = handler](const httplib::Request& req, httplib::Response& res) {
      write_response(handler(to_request(req)), res);
    };
    // Every method the server knows reaches the handler, which answers 405 for the wrong one.
    server_->Get(pattern, route);
    server_->Post(pattern, route);
    server_->Put(pattern, route);
    server_->Patch(pattern, route);
    server_->Delete(pattern, route);
    server_->Options(pattern, route);
  }
}

void HttpServer::add_guards() {
  // A refusal comes before the body is read: the connection is closed after it, or the unread
  // body would be taken for the next request on it.
  auto refuse = [](const HttpResponse& answer, httplib::Response& res) {
    write_response(answer, res);
    res.set_header("Connection", "close");
    return httplib::Server::HandlerResponse::Handled;
  };
  server_->set_pre_routing_handler(
      [this, refuse](const httplib::Request& req, httplib::Response& res) {
        size_t header_bytes = 0;
        for (const auto& [name, value] : req.headers)
          header_bytes += name.size() + value.size() + 4;  // ": " and CRLF
        if (req.headers.size() > kMaxHeaderCount || header_bytes > kMaxHeaderBytes) {
          return refuse(api_error(431, fmt::format("more than {} header lines or {} header bytes",
                                                   kMaxHeaderCount, kMaxHeaderBytes)),
                        res);
        }
        if (!ApiGuard::guards(req.path)) return httplib::Server::HandlerResponse::Unhandled;
        if (auto refusal = guard_.check(req.get_header_value("Authorization"), req.remote_addr)) {
          return refuse(*refusal, res);
        }
        return httplib::Server::HandlerResponse::Unhandled;
      });
}

Status HttpServer::start() {
  auto colon = listen_.rfind(':');
  if (colon == std::string::npos) {
    return Status::invalid_argument(fmt::format("serve.listen '{}' is not host:port", listen_));
  }
  std::string host = listen_.substr(0, colon);
  int port = std::atoi(listen_.c_str() + colon + 1);
  add_routes();
  server_->set_socket_options(set_listen_socket_options);
  if (!server_->bind_to_port(host, port)) {
    return Status::unavailable(fmt::format(
        "cannot listen on {}: the address is in use or not local (set serve.listen in the "
        "config, e.g. 127.0.0.1:8090)",
        listen_));
  }
  if (!loopback_host(host)) {
    spdlog::warn(
        "serve: listening on {}, which is not a loopback address: whoever reaches it can try the "
        "API, and the API token is then its only guard (put a TLS proxy in front: "
        "docs/operations.md, \"Security\")",
        listen_);
  }
  thread_ = serve_after_bind(*server_);
  return {};
}

void HttpServer::stop() {
  if (thread_.joinable()) {
    server_->stop();
    thread_.join();
  }
}

}  // namespace sluice
