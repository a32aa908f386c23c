// ApiGuard: what a request under /api/ must pass before any handler sees it: the client's rate
// limit (429 with Retry-After) and then the bearer token (401 with WWW-Authenticate: Bearer),
// both answered with the API's JSON error (serve/api_error.h). The rate limit comes first so
// that guessing tokens is throttled too. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "serve/http_handler.h"
#include "serve/rate_limiter.h"

namespace sluice {

class ApiGuard {
 public:
  ApiGuard(std::string token, double rate_limit_per_s, double rate_limit_burst,
           RateLimiter::Clock clock = {});

  // Whether `path` is guarded: /api and below. /healthz, /readyz, /metrics and the
  // dashboard's files are not.
  static bool guards(std::string_view path);

  // nullopt when the request may go on; else the refusal. `authorization` is the header's
  // value ("" when absent), `client` the peer's address.
  std::optional<HttpResponse> check(std::string_view authorization, const std::string& client);

 private:
  std::string token_;
  RateLimiter limiter_;
};

}  // namespace sluice
