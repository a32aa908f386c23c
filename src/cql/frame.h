// Frame header encoding and decoding (layout in frame_format.h). A decoded header has been
// checked: response direction, protocol version 4 and a body length within the caller's cap,
// so a reader can allocate `length` bytes without trusting the peer any further.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "cql/frame_format.h"

namespace sluice::cql {

struct FrameHeader {
  uint8_t version = kRequestVersion;
  uint8_t flags = 0;
  int16_t stream = 0;
  Opcode opcode = Opcode::kOptions;
  uint32_t length = 0;
};

// A whole frame as received: its header and its (still encoded) body.
struct Frame {
  FrameHeader header;
  std::string body;
};

std::string_view opcode_name(Opcode op);

// Appends the 9 header bytes to `out`.
void encode_header(const FrameHeader& header, std::string& out);

// Builds a request frame: header (version 4, no flags) plus `body`.
std::string encode_request(int16_t stream, Opcode op, std::string_view body);

// Decodes the first kHeaderSize bytes of `bytes`. Fails with kCorruption when there are fewer,
// when the frame is not a v4 response, or when the body is longer than `max_body_length`.
Result<FrameHeader> decode_response_header(std::string_view bytes,
                                           uint32_t max_body_length = kDefaultMaxBodyLength);

}  // namespace sluice::cql
