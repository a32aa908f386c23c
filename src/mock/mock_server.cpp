#include "mock/mock_server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/http_listener.h"
#include "mock/profile_generator.h"
#include "mock/request_faults.h"
#include "mock/rng.h"

namespace sluice::mock {
namespace {

constexpr const char* kJsonType = "application/json; charset=utf-8";

std::string error_body(std::string_view message) {
  return nlohmann::json{{"error", message}}.dump();
}

// An empty page in the real API's shape (info as on any other page).
std::string past_the_end_body(const PageRequest& request) {
  return nlohmann::json{
      {"results", nlohmann::json::array()},
      {"info",
       {{"seed", request.seed}, {"results", 0}, {"page", request.page}, {"version", kApiVersion}}}}
      .dump();
}

// Reads an integer query parameter; `fallback` when absent. False when present but not a number.
bool int_param(const httplib::Request& req, const char* name, int64_t fallback, int64_t* out) {
  if (!req.has_param(name)) {
    *out = fallback;
    return true;
  }
  std::string text = req.get_param_value(name);
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

// Parses results/page/seed; on failure fills a 400 response and returns false.
bool parse_page_request(const httplib::Request& req, PageRequest* out, httplib::Response* res) {
  int64_t results = 0;
  int64_t page = 0;
  if (!int_param(req, "results", 1, &results) || !int_param(req, "page", 1, &page)) {
    res->status = 400;
    res->set_content(error_body("results and page must be integers"), kJsonType);
    return false;
  }
  // Clamp before narrowing so a huge number is reported as out of range, not wrapped.
  out->results = static_cast<int>(std::clamp<int64_t>(results, -1, kMaxResults + 1));
  out->page = page;
  out->seed = req.get_param_value("seed");
  if (Status s = validate(*out); !s.ok()) {
    res->status = 400;
    res->set_content(error_body(s.message()), kJsonType);
    return false;
  }
  return true;
}

}  // namespace

struct MockServer::Impl {
  explicit Impl(MockServerOptions o) : options(std::move(o)) {}

  MockServerOptions options;
  httplib::Server server;
  std::thread thread;
  std::mutex mu;
  std::map<std::string, int>
      failed_attempts;  // per (seed, page, results), since the last clean answer
  std::atomic<uint64_t> unseeded_requests{0};

  // Counts this request against its page and decides its fault.
  std::pair<RequestFault, int> next_fault(const std::string& seed_param, const PageRequest& r) {
    std::string key = fmt::format("{}|{}|{}", seed_param, r.page, r.results);
    std::lock_guard<std::mutex> lock(mu);
    int attempt = failed_attempts[key];
    RequestFault fault = choose_request_fault(options.seed, seed_param, r.page, r.results, attempt,
                                              options.error_rate);
    if (fault == RequestFault::kNone) {
      failed_attempts.erase(key);
    } else {
      ++failed_attempts[key];
    }
    return {fault, attempt};
  }

  void serve_api(const httplib::Request& req, httplib::Response& res) {
    PageRequest request;
    request.invalid_rate = options.invalid_rate;
    if (!parse_page_request(req, &request, &res)) {
      log(req, res.status, "bad request");
      return;
    }
    if (options.down) {
      respond(request, RequestFault::kUnavailable, res);
      log(req, res.status, "--down");
      return;
    }
    std::string seed_param = request.seed;
    if (request.seed.empty()) {
      // Like the real API: no seed means a fresh draw, reported in info.seed.
      request.seed = random_seed_text(mix(options.seed, unseeded_requests.fetch_add(1)));
    }
    if (options.max_page > 0 && request.page > options.max_page) {
      res.status = 200;
      res.set_content(past_the_end_body(request), kJsonType);
      log(req, res.status, "past --max-page");
      return;
    }
    auto [fault, attempt] = next_fault(seed_param, request);
    respond(request, fault, res);
    log(req, res.status, fmt::format("attempt {} fault {}", attempt, request_fault_name(fault)));
  }

  void respond(const PageRequest& request, RequestFault fault, httplib::Response& res) {
    switch (fault) {
      case RequestFault::kInternalError:
        res.status = 500;
        res.set_content(error_body("internal server error"), kJsonType);
        return;
      case RequestFault::kUnavailable:
        res.status = 503;
        res.set_content("<html><body><h1>503 Service Unavailable</h1></body></html>", "text/html");
        return;
      case RequestFault::kErrorBody:
        res.status = 200;
        res.set_content(error_body("Uh oh, something went wrong on our side. Try again soon."),
                        kJsonType);
        return;
      case RequestFault::kTooManyRequests:
        res.status = 429;
        res.set_header("Retry-After", std::to_string(options.retry_after_s));
        res.set_content(error_body("too many requests"), kJsonType);
        return;
      case RequestFault::kSlow:
        std::this_thread::sleep_for(std::chrono::milliseconds(options.slow_ms));
        break;
      default:
        break;
    }
    std::string body = generate_page(request).body;
    res.status = 200;
    if (fault == RequestFault::kTruncatedJson) {
      body.resize(body.size() / 2);
    } else if (fault == RequestFault::kMalformedJson) {
      // Whole and well framed, but not JSON: two commas between two records.
      const size_t between = body.find("},{", body.size() / 2);
      const size_t at = between == std::string::npos ? body.size() / 2 : between + 1;
      std::string broken;
      broken.reserve(body.size() + 1);
      broken.append(body, 0, at).push_back(',');
      broken.append(body, at, std::string::npos);
      body = std::move(broken);
    } else if (fault == RequestFault::kConnectionCut) {
      auto shared = std::make_shared<std::string>(std::move(body));
      // Promises the whole length, writes half, then gives up: httplib closes the connection.
      res.set_content_provider(shared->size(), kJsonType,
                               [shared](size_t offset, size_t, httplib::DataSink& sink) {
                                 if (offset > 0) return false;
                                 sink.write(shared->data(), shared->size() / 2);
                                 return true;
                               });
      return;
    }
    res.set_content(body, kJsonType);
  }

  void serve_expectations(const httplib::Request& req, httplib::Response& res) {
    PageRequest request;
    request.invalid_rate = options.invalid_rate;
    if (!parse_page_request(req, &request, &res)) return;
    if (request.seed.empty()) {
      res.status = 400;
      res.set_content(error_body("expectations need a seed"), kJsonType);
      return;
    }
    GeneratedPage page = generate_page(request);
    res.set_content(expectations_json(request, page.expectations), kJsonType);
    log(req, 200, "expectations");
  }

  void log(const httplib::Request& req, int status, std::string_view note) const {
    if (!options.log_requests) return;
    std::string query;
    for (const auto& [k, v] : req.params)
      query += fmt::format("{}{}={}", query.empty() ? "?" : "&", k, v);
    spdlog::info("mock-api {} {}{} -> {} ({})", req.method, req.path, query, status, note);
  }
};

MockServer::MockServer(MockServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {
  impl_->server.Get("/api/?", [this](const httplib::Request& req, httplib::Response& res) {
    impl_->serve_api(req, res);
  });
  impl_->server.Get("/debug/expectations",
                    [this](const httplib::Request& req, httplib::Response& res) {
                      impl_->serve_expectations(req, res);
                    });
}

MockServer::~MockServer() {
  stop();
}

Status MockServer::start() {
  const auto& o = impl_->options;
  impl_->server.set_socket_options(set_listen_socket_options);
  if (o.port == 0) {
    port_ = impl_->server.bind_to_any_port(o.host);
  } else {
    port_ = impl_->server.bind_to_port(o.host, o.port) ? o.port : -1;
  }
  if (port_ <= 0) {
    return Status::io_error(fmt::format(
        "mock-api: cannot bind {}:{}: the address is in use or not local (pick another with "
        "--port)",
        o.host, o.port));
  }
  impl_->thread = serve_after_bind(impl_->server);
  return Status::ok_status();
}

void MockServer::stop() {
  if (!impl_->thread.joinable()) return;
  impl_->server.stop();
  impl_->thread.join();
}

}  // namespace sluice::mock
