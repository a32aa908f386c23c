#include "cql/frame.h"

#include <string>

#include "cql/byte_order.h"

namespace sluice::cql {

std::string_view opcode_name(Opcode op) {
  switch (op) {
    case Opcode::kError:
      return "ERROR";
    case Opcode::kStartup:
      return "STARTUP";
    case Opcode::kReady:
      return "READY";
    case Opcode::kAuthenticate:
      return "AUTHENTICATE";
    case Opcode::kOptions:
      return "OPTIONS";
    case Opcode::kSupported:
      return "SUPPORTED";
    case Opcode::kQuery:
      return "QUERY";
    case Opcode::kResult:
      return "RESULT";
    case Opcode::kPrepare:
      return "PREPARE";
    case Opcode::kExecute:
      return "EXECUTE";
    case Opcode::kRegister:
      return "REGISTER";
    case Opcode::kEvent:
      return "EVENT";
    case Opcode::kBatch:
      return "BATCH";
    case Opcode::kAuthChallenge:
      return "AUTH_CHALLENGE";
    case Opcode::kAuthResponse:
      return "AUTH_RESPONSE";
    case Opcode::kAuthSuccess:
      return "AUTH_SUCCESS";
  }
  return "UNKNOWN";
}

void encode_header(const FrameHeader& header, std::string& out) {
  char h[kHeaderSize];
  h[kVersionAt] = static_cast<char>(header.version);
  h[kFlagsAt] = static_cast<char>(header.flags);
  store_be16(h + kStreamAt, static_cast<uint16_t>(header.stream));
  h[kOpcodeAt] = static_cast<char>(header.opcode);
  store_be32(h + kLengthAt, header.length);
  out.append(h, kHeaderSize);
}

std::string encode_request(int16_t stream, Opcode op, std::string_view body) {
  std::string out;
  out.reserve(kHeaderSize + body.size());
  encode_header({kRequestVersion, 0, stream, op, static_cast<uint32_t>(body.size())}, out);
  out.append(body);
  return out;
}

Result<FrameHeader> decode_response_header(std::string_view bytes, uint32_t max_body_length) {
  if (bytes.size() < kHeaderSize) {
    return Status::corruption("frame header needs 9 bytes, got " + std::to_string(bytes.size()));
  }
  FrameHeader h;
  h.version = static_cast<uint8_t>(bytes[kVersionAt]);
  if (h.version != kResponseVersion) {
    return Status::corruption("not a protocol v4 response frame (version byte " +
                              std::to_string(h.version) + ")");
  }
  h.flags = static_cast<uint8_t>(bytes[kFlagsAt]);
  h.stream = static_cast<int16_t>(load_be16(bytes.data() + kStreamAt));
  h.opcode = static_cast<Opcode>(static_cast<uint8_t>(bytes[kOpcodeAt]));
  h.length = load_be32(bytes.data() + kLengthAt);
  if (h.length > max_body_length) {
    return Status::corruption("frame body of " + std::to_string(h.length) +
                              " bytes is over the limit of " + std::to_string(max_body_length));
  }
  return h;
}

}  // namespace sluice::cql
