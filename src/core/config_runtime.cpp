// Reads the runtime sections: `log:`, `sink:`, `process:`, `serve:`.
#include <fmt/format.h>

#include <charconv>

#include "core/config_sections.h"

namespace sluice {

namespace {

// A mapping of librdkafka property names to scalar values, passed through as text. Errors name
// the key and never echo a value: a property may be a secret (sasl.password).
void read_kafka_properties(ConfigReader& r, const YAML::Node& props, const std::string& key,
                           LogConfig* out) {
  if (!props.IsMap()) {
    r.error(props, key, "expected a mapping of librdkafka properties to values");
    return;
  }
  for (const auto& kv : props) {
    const std::string name = kv.first.Scalar();
    if (auto v = r.scalar(kv.second, join_key(key, name), "a string")) {
      out->kafka_options[name] = *v;
    }
  }
}

}  // namespace

void read_log(ConfigReader& r, const YAML::Node& node, LogConfig* out) {
  const std::string key = "log";
  if (!r.check_map(
          node, key,
          {"kind", "dir", "partitions", "fsync", "segment_bytes", "retention_bytes", "retention_ms",
           "brokers", "topic", "replication_factor", "kafka", "kafka_options"})) {
    return;
  }
  r.read_enum(node, "kind", key, &out->kind, {"embedded", "kafka"});
  r.read(node, "dir", key, &out->dir);
  r.read(node, "partitions", key, &out->partitions, {1, 4096});
  if (node["fsync"].IsDefined()) {
    const YAML::Node fsync = node["fsync"];
    const std::string fkey = join_key(key, "fsync");
    if (r.check_map(fsync, fkey, {"policy", "interval_ms"})) {
      r.read_enum(fsync, "policy", fkey, &out->fsync.policy, {"batch", "interval", "never"});
      r.read(fsync, "interval_ms", fkey, &out->fsync.interval_ms, {1, 3600000});
    }
  }
  // A segment must hold at least one sizeable record batch.
  r.read(node, "segment_bytes", key, &out->segment_bytes, {4096, int64_t{1} << 40});
  r.read(node, "retention_bytes", key, &out->retention_bytes, {-1, INT64_MAX});
  r.read(node, "retention_ms", key, &out->retention_ms, {-1, INT64_MAX});
  for (std::string_view k : {"retention_bytes", "retention_ms"}) {
    const YAML::Node v = node[std::string(k)];
    if (v.IsDefined() && v.IsScalar() && v.Scalar() == "0") {
      r.error(v, join_key(key, k), "0 would keep nothing: use -1 for unlimited or a positive size");
    }
  }
  r.read(node, "brokers", key, &out->brokers);
  r.read(node, "topic", key, &out->topic);
  if (out->kind == "kafka") {
    if (r.require(node, "brokers", key) && out->brokers.empty()) {
      r.error(node["brokers"], join_key(key, "brokers"), "must name at least one host:port");
    }
    if (out->topic.empty()) r.error(node["topic"], join_key(key, "topic"), "must not be empty");
  }
  r.read(node, "replication_factor", key, &out->replication_factor, {1, 32767});
  bool properties_given = false;
  if (node["kafka"].IsDefined()) {
    const YAML::Node kafka = node["kafka"];
    const std::string kkey = join_key(key, "kafka");
    if (r.check_map(kafka, kkey, {"properties"}) && kafka["properties"].IsDefined()) {
      properties_given = true;
      read_kafka_properties(r, kafka["properties"], join_key(kkey, "properties"), out);
    }
  }
  if (node["kafka_options"].IsDefined()) {
    if (properties_given) {
      r.error(node["kafka_options"], join_key(key, "kafka_options"),
              "give librdkafka properties once, under log.kafka.properties");
    } else {
      read_kafka_properties(r, node["kafka_options"], join_key(key, "kafka_options"), out);
    }
  }
}

void read_sink(ConfigReader& r, const YAML::Node& node, SinkConfig* out) {
  const std::string key = "sink";
  if (!r.check_map(node, key, {"kind", "path", "hosts", "keyspace"})) return;
  r.read_enum(node, "kind", key, &out->kind, {"sqlite", "cassandra", "postgres"});
  r.read(node, "path", key, &out->path);
  r.read(node, "hosts", key, &out->hosts);
  r.read(node, "keyspace", key, &out->keyspace);
  if (out->kind != "sqlite") {
    if (r.require(node, "hosts", key) && out->hosts.empty()) {
      r.error(node["hosts"], join_key(key, "hosts"), "must name at least one host");
    }
    if (out->keyspace.empty()) {
      r.error(node["keyspace"], join_key(key, "keyspace"), "must not be empty");
    }
  }
}

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
  if (!r.check_map(node, key, {"listen"})) return;
  r.read(node, "listen", key, &out->listen);
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
