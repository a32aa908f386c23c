#include "cql/server_error.h"

#include <cstdio>
#include <string>

namespace sluice::cql {
namespace {

Status read_timeout_fields(WireReader& r, ServerError& e) {
  SLUICE_ASSIGN_OR_RETURN(e.consistency, r.read_consistency());
  SLUICE_ASSIGN_OR_RETURN(e.received, r.read_int());
  SLUICE_ASSIGN_OR_RETURN(e.block_for, r.read_int());
  return Status::ok_status();
}

Status read_extras(WireReader& r, ServerError& e) {
  switch (e.code) {
    case ErrorCode::kUnavailable: {
      SLUICE_ASSIGN_OR_RETURN(e.consistency, r.read_consistency());
      SLUICE_ASSIGN_OR_RETURN(e.required, r.read_int());
      SLUICE_ASSIGN_OR_RETURN(e.alive, r.read_int());
      return Status::ok_status();
    }
    case ErrorCode::kWriteTimeout:
    case ErrorCode::kWriteFailure: {
      SLUICE_RETURN_IF_ERROR(read_timeout_fields(r, e));
      if (e.code == ErrorCode::kWriteFailure) {
        SLUICE_ASSIGN_OR_RETURN(e.num_failures, r.read_int());
      }
      SLUICE_ASSIGN_OR_RETURN(std::string_view wt, r.read_string());
      e.write_type = std::string(wt);
      return Status::ok_status();
    }
    case ErrorCode::kReadTimeout:
    case ErrorCode::kReadFailure: {
      SLUICE_RETURN_IF_ERROR(read_timeout_fields(r, e));
      if (e.code == ErrorCode::kReadFailure) {
        SLUICE_ASSIGN_OR_RETURN(e.num_failures, r.read_int());
      }
      SLUICE_ASSIGN_OR_RETURN(uint8_t present, r.read_byte());
      e.data_present = present != 0;
      return Status::ok_status();
    }
    case ErrorCode::kFunctionFailure: {
      SLUICE_ASSIGN_OR_RETURN(std::string_view ks, r.read_string());
      SLUICE_ASSIGN_OR_RETURN(std::string_view fn, r.read_string());
      SLUICE_ASSIGN_OR_RETURN(e.arg_types, r.read_string_list());
      e.keyspace = std::string(ks);
      e.table = std::string(fn);
      return Status::ok_status();
    }
    case ErrorCode::kAlreadyExists: {
      SLUICE_ASSIGN_OR_RETURN(std::string_view ks, r.read_string());
      SLUICE_ASSIGN_OR_RETURN(std::string_view table, r.read_string());
      e.keyspace = std::string(ks);
      e.table = std::string(table);
      return Status::ok_status();
    }
    case ErrorCode::kUnprepared: {
      SLUICE_ASSIGN_OR_RETURN(std::string_view id, r.read_short_bytes());
      e.unprepared_id = std::string(id);
      return Status::ok_status();
    }
    default:
      return Status::ok_status();
  }
}

}  // namespace

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kServerError:
      return "Server_error";
    case ErrorCode::kProtocolError:
      return "Protocol_error";
    case ErrorCode::kBadCredentials:
      return "Bad_credentials";
    case ErrorCode::kUnavailable:
      return "Unavailable";
    case ErrorCode::kOverloaded:
      return "Overloaded";
    case ErrorCode::kIsBootstrapping:
      return "Is_bootstrapping";
    case ErrorCode::kTruncateError:
      return "Truncate_error";
    case ErrorCode::kWriteTimeout:
      return "Write_timeout";
    case ErrorCode::kReadTimeout:
      return "Read_timeout";
    case ErrorCode::kReadFailure:
      return "Read_failure";
    case ErrorCode::kFunctionFailure:
      return "Function_failure";
    case ErrorCode::kWriteFailure:
      return "Write_failure";
    case ErrorCode::kSyntaxError:
      return "Syntax_error";
    case ErrorCode::kUnauthorized:
      return "Unauthorized";
    case ErrorCode::kInvalid:
      return "Invalid";
    case ErrorCode::kConfigError:
      return "Config_error";
    case ErrorCode::kAlreadyExists:
      return "Already_exists";
    case ErrorCode::kUnprepared:
      return "Unprepared";
  }
  return "Unknown_error";
}

std::string ServerError::describe() const {
  char code_hex[16];
  std::snprintf(code_hex, sizeof code_hex, "0x%04X", static_cast<unsigned>(code));
  std::string out = std::string(error_code_name(code)) + " (" + code_hex + "): " + message;
  auto cl = std::string(consistency_name(consistency));
  switch (code) {
    case ErrorCode::kUnavailable:
      out += " [" + cl + ": " + std::to_string(alive) + " of " + std::to_string(required) +
             " required replicas alive]";
      break;
    case ErrorCode::kWriteTimeout:
    case ErrorCode::kReadTimeout:
    case ErrorCode::kWriteFailure:
    case ErrorCode::kReadFailure:
      out += " [" + cl + ": " + std::to_string(received) + " of " + std::to_string(block_for) +
             " replicas answered";
      if (num_failures) out += ", " + std::to_string(num_failures) + " failed";
      if (!write_type.empty()) out += ", write type " + write_type;
      out += "]";
      break;
    case ErrorCode::kAlreadyExists:
      out += " [" + keyspace + (table.empty() ? "" : "." + table) + "]";
      break;
    default:
      break;
  }
  return out;
}

Status ServerError::to_status() const {
  switch (code) {
    case ErrorCode::kUnavailable:
    case ErrorCode::kOverloaded:
    case ErrorCode::kIsBootstrapping:
    case ErrorCode::kReadFailure:
    case ErrorCode::kWriteFailure:
      return Status::unavailable(describe());
    case ErrorCode::kReadTimeout:
    case ErrorCode::kWriteTimeout:
      return Status::timeout(describe());
    case ErrorCode::kSyntaxError:
    case ErrorCode::kInvalid:
    case ErrorCode::kConfigError:
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kFunctionFailure:
      return Status::invalid_argument(describe());
    case ErrorCode::kBadCredentials:
      return Status::invalid_argument("authentication failed: " + describe());
    case ErrorCode::kUnauthorized:
      return Status::invalid_argument("not authorized: " + describe());
    case ErrorCode::kUnprepared:
      return Status::not_found(describe());
    default:
      return Status::internal(describe());
  }
}

bool ServerError::retryable() const {
  return code == ErrorCode::kOverloaded || code == ErrorCode::kUnavailable ||
         code == ErrorCode::kReadTimeout || code == ErrorCode::kWriteTimeout;
}

Result<ServerError> decode_server_error(WireReader& r) {
  ServerError e;
  SLUICE_ASSIGN_OR_RETURN(int32_t code, r.read_int());
  e.code = static_cast<ErrorCode>(code);
  SLUICE_ASSIGN_OR_RETURN(std::string_view message, r.read_string());
  e.message = std::string(message);
  Status extras = read_extras(r, e);
  if (!extras.ok()) return extras.with_context(std::string(error_code_name(e.code)) + " error");
  return e;
}

}  // namespace sluice::cql
