// Reads `sink:`. Each sink kind reads its own keys of the section and registers in kSinkKinds.
#include <fmt/format.h>

#include "core/config_kinds.h"
#include "core/config_sections.h"

namespace sluice {
namespace {

void read_sqlite(ConfigReader& r, const YAML::Node& node, const std::string& key, SinkConfig* out) {
  r.read(node, "path", key, &out->path);
}

// Cassandra and PostgreSQL both name their servers in `hosts`.
void read_hosts(ConfigReader& r, const YAML::Node& node, const std::string& key, SinkConfig* out) {
  r.read(node, "hosts", key, &out->hosts);
}

void require_hosts(ConfigReader& r, const YAML::Node& node, const std::string& key,
                   const SinkConfig& config) {
  if (r.require(node, "hosts", key) && config.hosts.empty()) {
    r.error(node["hosts"], join_key(key, "hosts"), "must name at least one host");
  }
}

void read_cassandra(ConfigReader& r, const YAML::Node& node, const std::string& key,
                    SinkConfig* out) {
  read_hosts(r, node, key, out);
  r.read(node, "keyspace", key, &out->keyspace);
}

void require_cassandra(ConfigReader& r, const YAML::Node& node, const std::string& key,
                       const SinkConfig& config) {
  require_hosts(r, node, key, config);
  if (config.keyspace.empty()) {
    r.error(node["keyspace"], join_key(key, "keyspace"), "must not be empty");
  }
}

// The null sink (benchmarks) has no keys of its own.
void read_null(ConfigReader& /*r*/, const YAML::Node& /*node*/, const std::string& /*key*/,
               SinkConfig* /*out*/) {}

using SinkKindEntry = KindEntry<SinkKind, SinkConfig>;

const std::vector<SinkKindEntry>& sink_kinds() {
  static const std::vector<SinkKindEntry> kSinkKinds = {
      {SinkKind::kSqlite, "sqlite", true, {"path"}, read_sqlite, nullptr},
      {SinkKind::kCassandra,
       "cassandra",
       false,
       {"hosts", "keyspace"},
       read_cassandra,
       require_cassandra},
      {SinkKind::kPostgres, "postgres", false, {"hosts"}, read_hosts, require_hosts},
      {SinkKind::kNull, "null", true, {}, read_null, nullptr},
  };
  return kSinkKinds;
}

}  // namespace

std::string_view kind_name(SinkKind kind) {
  return kind_entry<SinkKindEntry>(sink_kinds(), kind).name;
}

bool kind_built(SinkKind kind) {
  return kind_entry<SinkKindEntry>(sink_kinds(), kind).built;
}

void read_sink(ConfigReader& r, const YAML::Node& node, SinkConfig* out) {
  const std::string key = "sink";
  const std::span<const SinkKindEntry> kinds = sink_kinds();
  if (!r.check_map(node, key, section_keys({"kind"}, kinds))) return;
  const SinkKindEntry* chosen = read_kind(r, node, key, kinds, &out->kind);
  read_kind_sections(r, node, key, kinds, chosen, out);
}

}  // namespace sluice
