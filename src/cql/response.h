// Decoding a whole response frame: the optional tracing id, warnings and custom payload the
// flags announce, then the message its opcode names (ERROR, READY, AUTHENTICATE, SUPPORTED,
// RESULT, EVENT, AUTH_CHALLENGE, AUTH_SUCCESS). This is the one entry point for bytes from a
// server, and the fuzz target's: any frame yields a Response or kCorruption.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "cql/frame.h"
#include "cql/result.h"
#include "cql/server_error.h"

namespace sluice::cql {

struct Response {
  Opcode opcode = Opcode::kReady;
  std::optional<Uuid> tracing_id;
  std::vector<std::string> warnings;
  // By opcode:
  QueryResult result;                                         // RESULT
  ServerError error;                                          // ERROR
  std::map<std::string, std::vector<std::string>> supported;  // SUPPORTED
  std::string authenticator;                                  // AUTHENTICATE
  std::optional<std::string> auth_token;                      // AUTH_CHALLENGE, AUTH_SUCCESS
  std::string event_type;                                     // EVENT (the rest is ignored)
};

// `cached` as for decode_result(). Compressed frames are refused (we never negotiate it).
Result<Response> decode_response(const Frame& frame, const RowsMetadata* cached = nullptr);

}  // namespace sluice::cql
