#include "cql/response.h"

#include <string>

namespace sluice::cql {
namespace {

Status decode_message(WireReader& r, const RowsMetadata* cached, Response& out) {
  switch (out.opcode) {
    case Opcode::kError: {
      SLUICE_ASSIGN_OR_RETURN(out.error, decode_server_error(r));
      return Status::ok_status();
    }
    case Opcode::kReady:
      return Status::ok_status();
    case Opcode::kAuthenticate: {
      SLUICE_ASSIGN_OR_RETURN(std::string_view cls, r.read_string());
      out.authenticator = std::string(cls);
      return Status::ok_status();
    }
    case Opcode::kSupported: {
      SLUICE_ASSIGN_OR_RETURN(out.supported, r.read_string_multimap());
      return Status::ok_status();
    }
    case Opcode::kResult: {
      SLUICE_ASSIGN_OR_RETURN(out.result, decode_result(r, cached));
      return Status::ok_status();
    }
    case Opcode::kEvent: {
      SLUICE_ASSIGN_OR_RETURN(std::string_view type, r.read_string());
      out.event_type = std::string(type);
      return Status::ok_status();
    }
    case Opcode::kAuthChallenge:
    case Opcode::kAuthSuccess: {
      SLUICE_ASSIGN_OR_RETURN(auto token, r.read_bytes());
      if (token) out.auth_token = std::string(*token);
      return Status::ok_status();
    }
    default:
      return Status::corruption("a server does not send " + std::string(opcode_name(out.opcode)) +
                                " (opcode " + std::to_string(static_cast<int>(out.opcode)) + ")");
  }
}

}  // namespace

Result<Response> decode_response(const Frame& frame, const RowsMetadata* cached) {
  const FrameHeader& h = frame.header;
  if (h.flags & kFlagCompression) {
    return Status::corruption("compressed frame, but no compression was negotiated");
  }
  if (frame.body.size() != h.length) {
    return Status::corruption("frame body is " + std::to_string(frame.body.size()) +
                              " bytes, header says " + std::to_string(h.length));
  }
  Response out;
  out.opcode = h.opcode;
  WireReader r(frame.body);
  if (h.flags & kFlagTracing) {
    SLUICE_ASSIGN_OR_RETURN(Uuid id, r.read_uuid());
    out.tracing_id = id;
  }
  if (h.flags & kFlagWarning) {
    SLUICE_ASSIGN_OR_RETURN(out.warnings, r.read_string_list());
  }
  if (h.flags & kFlagCustomPayload) {
    SLUICE_RETURN_IF_ERROR(r.read_bytes_map().status());
  }
  Status s = decode_message(r, cached, out);
  if (!s.ok()) return s.with_context(std::string(opcode_name(h.opcode)) + " response");
  out.result.warnings = out.warnings;
  return out;
}

}  // namespace sluice::cql
