// Reads the runtime sections that have no kinds: `process:`, `serve:`.
#include <fmt/format.h>

#include <charconv>

#include "core/config_sections.h"

namespace sluice {

void read_process(ConfigReader& r, const YAML::Node& node, ProcessConfig* out) {
  const std::string key = "process";
  if (!r.check_map(
          node, key,
          {"group", "batch_records", "queue_batches", "max_lag_records", "commit_interval_ms"}))
    return;
  r.read(node, "group", key, &out->group);
  r.read(node, "batch_records", key, &out->batch_records, {1, 1000000});
  r.read(node, "queue_batches", key, &out->queue_batches, {1, 1024});
  r.read(node, "max_lag_records", key, &out->max_lag_records, {1, INT64_MAX});
  r.read(node, "commit_interval_ms", key, &out->commit_interval_ms, {0, 3600000});
  if (out->group.empty()) r.error(node["group"], join_key(key, "group"), "must not be empty");
}

void read_serve(ConfigReader& r, const YAML::Node& node, ServeConfig* out) {
  const std::string key = "serve";
  if (!r.check_map(node, key, {"listen", "api_token_file", "rate_limit_per_s", "rate_limit_burst"}))
    return;
  r.read(node, "listen", key, &out->listen);
  r.read(node, "api_token_file", key, &out->api_token_file);
  r.read(node, "rate_limit_per_s", key, &out->rate_limit_per_s, 0, 1e6);
  r.read(node, "rate_limit_burst", key, &out->rate_limit_burst, {1, 1000000});
  // host:port, the port 0..65535 (0 = any free port, for tests).
  const size_t colon = out->listen.rfind(':');
  int port = -1;
  if (colon != std::string::npos && colon > 0) {
    const char* begin = out->listen.data() + colon + 1;
    const char* end = out->listen.data() + out->listen.size();
    auto [ptr, ec] = std::from_chars(begin, end, port);
    if (ec != std::errc() || ptr != end || begin == end) port = -1;
  }
  if (port < 0 || port > 65535) {
    r.error(node["listen"], join_key(key, "listen"),
            fmt::format("\"{}\" is not host:port (port 0..65535)", out->listen));
  }
}

}  // namespace sluice
