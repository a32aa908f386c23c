#include "cql/endpoint.h"

#include <charconv>
#include <string>

namespace sluice::cql {

std::string Endpoint::to_string() const {
  bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<Endpoint> parse_endpoint(std::string_view text, uint16_t default_port) {
  Endpoint e;
  e.port = default_port;
  std::string_view host = text, port;
  bool has_port = false;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos) {
      return Status::invalid_argument("bad endpoint '" + std::string(text) + "': missing ]");
    }
    host = text.substr(1, close - 1);
    std::string_view after = text.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        return Status::invalid_argument("bad endpoint '" + std::string(text) + "'");
      }
      port = after.substr(1);
      has_port = true;
    }
  } else if (size_t colon = text.rfind(':');
             colon != std::string_view::npos && text.find(':') == colon) {
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    has_port = true;
  }
  if (host.empty()) {
    return Status::invalid_argument("bad endpoint '" + std::string(text) + "': no host");
  }
  e.host = std::string(host);
  if (has_port) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
      return Status::invalid_argument("bad endpoint '" + std::string(text) + "': port '" +
                                      std::string(port) + "'");
    }
    e.port = static_cast<uint16_t>(value);
  }
  return e;
}

}  // namespace sluice::cql
