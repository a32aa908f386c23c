// ServerError: an ERROR response decoded into its code, message and the extra fields some codes
// carry (spec section 9), and the Status it maps onto for callers that only look at codes:
//   Unavailable, Overloaded, Is_bootstrapping, Read/Write timeout and failure -> kUnavailable
//     (Read/Write timeout -> kTimeout): the server was there but could not do it now;
//   Syntax_error, Invalid, Config_error, Already_exists, Function_failure -> kInvalidArgument;
//   Bad credentials, Unauthorized -> kInvalidArgument with "authentication failed" /
//     "not authorized" in front (retrying the same credentials will not help);
//   Unprepared -> kNotFound (the session re-prepares); Protocol_error, Server_error,
//     Truncate_error and unknown codes -> kInternal.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "cql/consistency.h"
#include "cql/wire_reader.h"

namespace sluice::cql {

enum class ErrorCode : int32_t {
  kServerError = 0x0000,
  kProtocolError = 0x000A,
  kBadCredentials = 0x0100,
  kUnavailable = 0x1000,  // + consistency, required, alive
  kOverloaded = 0x1001,
  kIsBootstrapping = 0x1002,
  kTruncateError = 0x1003,
  kWriteTimeout = 0x1100,     // + consistency, received, block_for, write_type
  kReadTimeout = 0x1200,      // + consistency, received, block_for, data_present
  kReadFailure = 0x1300,      // + consistency, received, block_for, num_failures, data_present
  kFunctionFailure = 0x1400,  // + keyspace, function, arg_types
  kWriteFailure = 0x1500,     // + consistency, received, block_for, num_failures, write_type
  kSyntaxError = 0x2000,
  kUnauthorized = 0x2100,
  kInvalid = 0x2200,
  kConfigError = 0x2300,
  kAlreadyExists = 0x2400,  // + keyspace, table ("" for a keyspace)
  kUnprepared = 0x2500,     // + the unknown prepared id
};

// "Syntax_error"; "Unknown_error" for a code outside the enum.
std::string_view error_code_name(ErrorCode code);

struct ServerError {
  ErrorCode code = ErrorCode::kServerError;
  std::string message;
  // Unavailable, timeouts and failures:
  Consistency consistency = Consistency::kAny;
  int32_t required = 0;  // Unavailable
  int32_t alive = 0;     // Unavailable
  int32_t received = 0;
  int32_t block_for = 0;
  int32_t num_failures = 0;
  bool data_present = false;  // Read_timeout, Read_failure
  std::string write_type;     // Write_timeout, Write_failure: SIMPLE, BATCH, ...
  // Already_exists: keyspace and table; Function_failure: keyspace and function name.
  std::string keyspace;
  std::string table;
  std::vector<std::string> arg_types;  // Function_failure
  std::string unprepared_id;           // Unprepared: the id the server did not know

  // One line: "Syntax_error (0x2000): line 1:0 no viable alternative..." plus the extras.
  std::string describe() const;
  Status to_status() const;
  // Overloaded, Unavailable, Read_timeout, Write_timeout: worth sending the
  // same idempotent statement again (after a pause, maybe to another host).
  bool retryable() const;
};

// Decodes the body of an ERROR frame (after any tracing id / warnings).
Result<ServerError> decode_server_error(WireReader& reader);

}  // namespace sluice::cql
