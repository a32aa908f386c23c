#include "core/secret_source.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/log_secrets.h"

namespace sluice {

Result<std::string> read_secret_file(std::string_view key, const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return Status::invalid_argument(
        fmt::format("{}: cannot read {}: {}", key, path, std::strerror(errno)));
  }
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) {
    return Status::invalid_argument(
        fmt::format("{}: {} holds nothing on its first line", key, path));
  }
  register_log_secret(line);
  return line;
}

Result<std::string> read_secret_env(std::string_view key, const std::string& name,
                                    const EnvLookup& env) {
  std::optional<std::string> value = env(name);
  if (!value || value->empty()) {
    return Status::invalid_argument(
        fmt::format("{}: the environment variable {} is not set or empty", key, name));
  }
  register_log_secret(*value);
  return *value;
}

bool is_env_name(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool is_secret_property(std::string_view name) {
  std::string n(name);
  std::transform(n.begin(), n.end(), n.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static constexpr std::array<std::string_view, 4> kExact = {
      "ssl.key.pem", "ssl_key", "sasl.oauthbearer.config", "ssl.engine.callback_data"};
  if (std::find(kExact.begin(), kExact.end(), n) != kExact.end()) return true;
  return n.find("password") != std::string::npos || n.find("secret") != std::string::npos ||
         n.find("private") != std::string::npos || n.find("credential") != std::string::npos;
}

}  // namespace sluice
