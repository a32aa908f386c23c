// Reads `sink.tls` (the Cassandra sink's TLS to its nodes) and checks what it names.
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string_view>

#include "core/config_sections.h"

namespace sluice {
namespace {

struct TlsFile {
  std::string_view key;
  const std::string& path;
};

// Why `path` cannot be read, or "" when it can.
std::string unreadable(const std::string& path) {
  std::ifstream in(path);
  return in ? std::string() : std::strerror(errno);
}

}  // namespace

void read_sink_tls(ConfigReader& r, const YAML::Node& node, const std::string& key,
                   SinkTlsConfig* out) {
  const YAML::Node tls = node["tls"];
  if (!tls.IsDefined()) return;
  const std::string tkey = join_key(key, "tls");
  if (!r.check_map(tls, tkey, {"enabled", "ca_file", "cert_file", "key_file", "verify_hostname"})) {
    return;
  }
  r.read(tls, "enabled", tkey, &out->enabled);
  r.read(tls, "ca_file", tkey, &out->ca_file);
  r.read(tls, "cert_file", tkey, &out->cert_file);
  r.read(tls, "key_file", tkey, &out->key_file);
  r.read(tls, "verify_hostname", tkey, &out->verify_hostname);
}

void check_sink_tls(ConfigReader& r, const YAML::Node& node, const std::string& key,
                    const SinkTlsConfig& tls) {
  const YAML::Node section = node["tls"];
  const std::string tkey = join_key(key, "tls");
  const TlsFile files[] = {
      {"ca_file", tls.ca_file}, {"cert_file", tls.cert_file}, {"key_file", tls.key_file}};
  for (const TlsFile& f : files) {
    if (f.path.empty()) continue;
    const YAML::Node at = section[std::string(f.key)];
    // A file named for TLS while TLS is off would be silently unused: say so instead.
    if (!tls.enabled) {
      r.error(at, join_key(tkey, f.key),
              fmt::format("given while {}.enabled is false (set enabled: true to use TLS)", tkey));
    } else if (const std::string why = unreadable(f.path); !why.empty()) {
      r.error(at, join_key(tkey, f.key), fmt::format("cannot read {}: {}", f.path, why));
    }
  }
  if (!tls.enabled || tls.cert_file.empty() == tls.key_file.empty()) return;
  const std::string_view given = tls.cert_file.empty() ? "key_file" : "cert_file";
  const std::string_view missing = tls.cert_file.empty() ? "cert_file" : "key_file";
  r.error(section[std::string(given)], join_key(tkey, given),
          fmt::format("a client certificate needs {} too", missing));
}

}  // namespace sluice
