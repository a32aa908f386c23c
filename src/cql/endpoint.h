// Endpoint: a host and a port, parsed from "host", "host:port", "[v6addr]:port".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace sluice::cql {

inline constexpr uint16_t kDefaultPort = 9042;

struct Endpoint {
  std::string host;
  uint16_t port = kDefaultPort;
  std::string to_string() const;
};

// kInvalidArgument for an empty host or a port outside 1..65535.
Result<Endpoint> parse_endpoint(std::string_view text, uint16_t default_port = kDefaultPort);

}  // namespace sluice::cql
