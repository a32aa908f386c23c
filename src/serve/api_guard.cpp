#include "serve/api_guard.h"

#include <cctype>
#include <utility>

#include "core/trim_spaces.h"
#include "serve/api_error.h"
#include "serve/api_token.h"

namespace sluice {
namespace {

// The credentials of "Bearer <token>" (the scheme in any case, RFC 7235), "" for anything else.
std::string_view bearer_credentials(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size()) return {};
  for (size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) return {};
  }
  return trim_spaces(authorization.substr(kScheme.size()));
}

}  // namespace

ApiGuard::ApiGuard(std::string token, double rate_limit_per_s, double rate_limit_burst,
                   RateLimiter::Clock clock)
    : token_(std::move(token)), limiter_(rate_limit_per_s, rate_limit_burst, std::move(clock)) {}

bool ApiGuard::guards(std::string_view path) {
  return path == "/api" || path.starts_with("/api/");
}

std::optional<HttpResponse> ApiGuard::check(std::string_view authorization,
                                            const std::string& client) {
  if (const int wait = limiter_.admit(client); wait > 0) {
    HttpResponse res = api_error(
        429, "too many requests from this address (serve.rate_limit_per_s, rate_limit_burst)");
    res.headers.emplace_back("Retry-After", std::to_string(wait));
    return res;
  }
  const std::string_view given = bearer_credentials(authorization);
  if (given.empty() || !api_tokens_equal(token_, given)) {
    // Which of the two it was is not said: it would help no one but a guesser.
    HttpResponse res =
        api_error(401,
                  "the API needs the header 'Authorization: Bearer <token>' with the token of "
                  "SLUICE_API_TOKEN or serve.api_token_file (docs/operations.md, \"Security\")");
    res.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"sluice\"");
    return res;
  }
  return std::nullopt;
}

}  // namespace sluice
