// Reads `log:`. Each log kind reads its own keys of the section and registers in kLogKinds.
#include <fmt/format.h>

#include "core/config_kinds.h"
#include "core/config_sections.h"
#include "core/secret_source.h"

namespace sluice {
namespace {

using FsyncPolicyName = std::pair<FsyncPolicy, std::string_view>;
constexpr FsyncPolicyName kFsyncPolicies[] = {
    {FsyncPolicy::kBatch, "batch"},
    {FsyncPolicy::kInterval, "interval"},
    {FsyncPolicy::kNever, "never"},
};

void read_fsync(ConfigReader& r, const YAML::Node& fsync, const std::string& key,
                FsyncConfig* out) {
  if (!r.check_map(fsync, key, {"policy", "interval_ms"})) return;
  std::vector<std::string_view> names;
  for (const auto& [policy, name] : kFsyncPolicies)
    names.push_back(name);
  if (auto chosen = r.read_choice(fsync, "policy", key, names)) {
    out->policy = kFsyncPolicies[*chosen].first;
  }
  r.read(fsync, "interval_ms", key, &out->interval_ms, {1, 3600000});
}

void read_embedded(ConfigReader& r, const YAML::Node& node, const std::string& key,
                   LogConfig* out) {
  r.read(node, "dir", key, &out->dir);
  if (node["fsync"].IsDefined()) read_fsync(r, node["fsync"], join_key(key, "fsync"), &out->fsync);
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
}

// A mapping of librdkafka property names to scalar values, read as text into `out`. An empty
// value leaves the property unset (librdkafka's default), so that `${VAR:-}` can switch one
// off. Errors name the key and never echo a value: whatever was written may be a secret.
void read_property_map(ConfigReader& r, const YAML::Node& props, const std::string& key,
                       std::string_view what, std::map<std::string, std::string>* out) {
  if (!props.IsMap()) {
    r.error(props, key, fmt::format("expected a mapping of librdkafka properties to {}", what));
    return;
  }
  for (const auto& kv : props) {
    const std::string name = kv.first.Scalar();
    if (auto v = r.scalar(kv.second, join_key(key, name), "a string")) {
      if (!v->empty()) (*out)[name] = *v;
    }
  }
}

// Passed-through properties; a secret among them is refused, as the Cassandra sink refuses a
// password: written in the file, it would end up in repositories and backups.
void read_kafka_properties(ConfigReader& r, const YAML::Node& props, const std::string& key,
                           LogConfig* out) {
  read_property_map(r, props, key, "values", &out->kafka_options);
  if (!props.IsMap()) return;
  for (const auto& kv : props) {
    const std::string name = kv.first.Scalar();
    if (!is_secret_property(name)) continue;
    out->kafka_options.erase(name);
    r.error(kv.second, join_key(key, name),
            "a secret is never written in the config: name a file holding it "
            "(log.kafka.properties_from_files) or an environment variable "
            "(log.kafka.properties_from_env)");
  }
}

// kafka.properties_from_files and kafka.properties_from_env: where each value is, read when a
// client is made. A property comes from one place only.
void read_kafka_property_sources(ConfigReader& r, const YAML::Node& kafka, const std::string& key,
                                 LogConfig* out) {
  if (kafka["properties_from_files"].IsDefined()) {
    read_property_map(r, kafka["properties_from_files"], join_key(key, "properties_from_files"),
                      "files holding their values", &out->kafka_property_files);
  }
  if (kafka["properties_from_env"].IsDefined()) {
    const std::string ekey = join_key(key, "properties_from_env");
    read_property_map(r, kafka["properties_from_env"], ekey,
                      "environment variables holding their values", &out->kafka_property_env);
    for (const auto& [name, var] : out->kafka_property_env) {
      if (!is_env_name(var)) {
        r.error(kafka["properties_from_env"][name], join_key(ekey, name),
                "must name an environment variable (letters, digits and _), not hold the value");
      }
    }
  }
  for (const auto& [name, path] : out->kafka_property_files) {
    if (out->kafka_property_env.count(name) != 0 || out->kafka_options.count(name) != 0) {
      r.error(kafka["properties_from_files"][name], join_key(key, "properties_from_files." + name),
              "give each property once (in properties, properties_from_files or "
              "properties_from_env)");
    }
  }
  for (const auto& [name, var] : out->kafka_property_env) {
    if (out->kafka_options.count(name) != 0) {
      r.error(kafka["properties_from_env"][name], join_key(key, "properties_from_env." + name),
              "give each property once (in properties, properties_from_files or "
              "properties_from_env)");
    }
  }
}

void read_kafka(ConfigReader& r, const YAML::Node& node, const std::string& key, LogConfig* out) {
  r.read(node, "brokers", key, &out->brokers);
  r.read(node, "topic", key, &out->topic);
  r.read(node, "dead_letter_topic", key, &out->dead_letter_topic);
  r.read(node, "replication_factor", key, &out->replication_factor, {1, 32767});
  bool properties_given = false;
  if (node["kafka"].IsDefined()) {
    const YAML::Node kafka = node["kafka"];
    const std::string kkey = join_key(key, "kafka");
    if (r.check_map(kafka, kkey, {"properties", "properties_from_files", "properties_from_env"})) {
      if (kafka["properties"].IsDefined()) {
        properties_given = true;
        read_kafka_properties(r, kafka["properties"], join_key(kkey, "properties"), out);
      }
      read_kafka_property_sources(r, kafka, kkey, out);
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

void require_kafka(ConfigReader& r, const YAML::Node& node, const std::string& key,
                   const LogConfig& config) {
  if (r.require(node, "brokers", key) && config.brokers.empty()) {
    r.error(node["brokers"], join_key(key, "brokers"), "must name at least one host:port");
  }
  if (config.topic.empty()) r.error(node["topic"], join_key(key, "topic"), "must not be empty");
  if (!config.dead_letter_topic.empty() && config.dead_letter_topic == config.topic) {
    r.error(node["dead_letter_topic"], join_key(key, "dead_letter_topic"),
            "must differ from the log's topic (quarantined records would be read again)");
  }
}

using LogKindEntry = KindEntry<LogKind, LogConfig>;

const std::vector<LogKindEntry>& log_kinds() {
  static const std::vector<LogKindEntry> kLogKinds = {
      {LogKind::kEmbedded,
       "embedded",
       true,
       {"dir", "fsync", "segment_bytes", "retention_bytes", "retention_ms"},
       read_embedded,
       nullptr},
      {LogKind::kKafka,
       "kafka",
       true,
       {"brokers", "topic", "dead_letter_topic", "replication_factor", "kafka", "kafka_options"},
       read_kafka,
       require_kafka},
  };
  return kLogKinds;
}

}  // namespace

std::string_view kind_name(LogKind kind) {
  return kind_entry<LogKindEntry>(log_kinds(), kind).name;
}

bool kind_built(LogKind kind) {
  return kind_entry<LogKindEntry>(log_kinds(), kind).built;
}

std::string_view fsync_policy_name(FsyncPolicy policy) {
  for (const auto& [p, name] : kFsyncPolicies) {
    if (p == policy) return name;
  }
  return "?";
}

void read_log(ConfigReader& r, const YAML::Node& node, LogConfig* out) {
  const std::string key = "log";
  const std::span<const LogKindEntry> kinds = log_kinds();
  if (!r.check_map(node, key, section_keys({"kind", "partitions"}, kinds))) return;
  const LogKindEntry* chosen = read_kind(r, node, key, kinds, &out->kind);
  r.read(node, "partitions", key, &out->partitions, {1, 4096});
  read_kind_sections(r, node, key, kinds, chosen, out);
  // Unlike the other kafka keys, this one turns a feature on: ignoring it would hide that the
  // dead letters a user asked for go nowhere.
  if (out->kind != LogKind::kKafka && !out->dead_letter_topic.empty()) {
    r.error(node["dead_letter_topic"], join_key(key, "dead_letter_topic"),
            "needs `kind: kafka` (dead letters are Kafka messages; the quarantine table holds "
            "the rejected records in every mode)");
  }
}

}  // namespace sluice
