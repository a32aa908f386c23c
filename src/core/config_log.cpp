// Reads `log:`. Each log kind reads its own keys of the section and registers in kLogKinds.
#include <fmt/format.h>

#include "core/config_kinds.h"
#include "core/config_sections.h"

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

void read_kafka(ConfigReader& r, const YAML::Node& node, const std::string& key, LogConfig* out) {
  r.read(node, "brokers", key, &out->brokers);
  r.read(node, "topic", key, &out->topic);
  r.read(node, "dead_letter_topic", key, &out->dead_letter_topic);
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
