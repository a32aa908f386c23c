// Request-level faults of the mock API: the ways real HTTP APIs fail (docs/mock_api.md,
// `--error-rate`). The fault for a request is a pure function of (server seed, request seed, page,
// results, attempt), where `attempt` counts the failed requests for that page since its last clean
// answer (MockServer keeps the count). Attempts from kMaxFaultyAttempts on never fail, so a client
// that retries at least that often always gets through. Thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

namespace sluice::mock {

inline constexpr int kMaxFaultyAttempts = 3;

enum class RequestFault {
  kNone,
  kInternalError,    // 500 with a JSON error body
  kUnavailable,      // 503 with an HTML body, as a load balancer sends it
  kErrorBody,        // 200 with {"error": "..."} (the real API does this)
  kTooManyRequests,  // 429 with Retry-After
  kTruncatedJson,    // 200, complete HTTP response, JSON cut short
  kMalformedJson,    // 200, the whole page with a syntax error in the middle
  kConnectionCut,    // 200, Content-Length promised, connection closed halfway
  kSlow,             // the right answer, after a delay (may exceed the client's timeout)
};

std::string_view request_fault_name(RequestFault fault);

RequestFault choose_request_fault(uint64_t server_seed, std::string_view seed, int64_t page,
                                  int results, int attempt, double error_rate);

}  // namespace sluice::mock
