#include "cql/tls_error.h"

#include <openssl/err.h>

#include <array>

namespace sluice::cql {

std::string take_openssl_errors(std::string_view fallback) {
  std::string text;
  while (unsigned long e = ERR_get_error()) {
    // The reason alone reads best ("no such file"); the whole code only when it has none.
    std::string one;
    if (const char* reason = ERR_reason_error_string(e)) {
      one = reason;
    } else {
      std::array<char, 256> buffer{};
      ERR_error_string_n(e, buffer.data(), buffer.size());
      one = buffer.data();
    }
    if (text.find(one) != std::string::npos) continue;  // the same reason from each layer
    if (!text.empty()) text += "; ";
    text += one;
  }
  return text.empty() ? std::string(fallback) : text;
}

}  // namespace sluice::cql
