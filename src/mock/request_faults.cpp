#include "mock/request_faults.h"

#include "mock/rng.h"

namespace sluice::mock {

std::string_view request_fault_name(RequestFault fault) {
  switch (fault) {
    case RequestFault::kNone:
      return "none";
    case RequestFault::kInternalError:
      return "500";
    case RequestFault::kUnavailable:
      return "503";
    case RequestFault::kErrorBody:
      return "error-body";
    case RequestFault::kTooManyRequests:
      return "429";
    case RequestFault::kTruncatedJson:
      return "truncated-json";
    case RequestFault::kMalformedJson:
      return "malformed-json";
    case RequestFault::kConnectionCut:
      return "connection-cut";
    case RequestFault::kSlow:
      return "slow";
  }
  return "?";
}

RequestFault choose_request_fault(uint64_t server_seed, std::string_view seed, int64_t page,
                                  int results, int attempt, double error_rate) {
  if (attempt >= kMaxFaultyAttempts || error_rate <= 0) return RequestFault::kNone;
  uint64_t h = mix(mix(server_seed, hash_text(seed)), static_cast<uint64_t>(page));
  h = mix(mix(h, static_cast<uint64_t>(results)), static_cast<uint64_t>(attempt));
  Rng rng(h);
  if (!rng.chance(error_rate)) return RequestFault::kNone;
  static constexpr RequestFault kFaults[] = {
      RequestFault::kInternalError,   RequestFault::kUnavailable,   RequestFault::kErrorBody,
      RequestFault::kTooManyRequests, RequestFault::kTruncatedJson, RequestFault::kMalformedJson,
      RequestFault::kConnectionCut,   RequestFault::kSlow};
  return rng.pick(kFaults);
}

}  // namespace sluice::mock
