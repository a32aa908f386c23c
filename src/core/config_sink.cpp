// Reads `sink:`. Each sink kind reads its own keys of the section and registers in kSinkKinds.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include "core/config_kinds.h"
#include "core/config_sections.h"
#include "core/secret_source.h"

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

// Why one entry of a "host[:port],..." list is not one, or "" when it is. "[v6]:port" allowed.
std::string host_problem(std::string_view entry) {
  if (entry.empty()) return "has an empty entry";
  std::string_view host = entry;
  std::optional<std::string_view> port;
  if (entry.front() == '[') {
    const size_t close = entry.find(']');
    if (close == std::string_view::npos) return fmt::format("\"{}\": unclosed [", entry);
    host = entry.substr(1, close - 1);
    const std::string_view rest = entry.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') {
      return fmt::format("\"{}\": expected :port after ]", entry);
    }
    if (!rest.empty()) port = rest.substr(1);
  } else if (const size_t colon = entry.find(':'); colon != std::string_view::npos) {
    if (entry.find(':', colon + 1) != std::string_view::npos) {
      return fmt::format("\"{}\": write an IPv6 address as [address]:port", entry);
    }
    host = entry.substr(0, colon);
    port = entry.substr(colon + 1);
  }
  if (host.empty()) return fmt::format("\"{}\": no host", entry);
  if (!port) return "";
  const bool digits =
      !port->empty() && port->size() <= 5 && std::all_of(port->begin(), port->end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      });
  const int value = digits ? std::stoi(std::string(*port)) : 0;
  if (value < 1 || value > 65535) return fmt::format("\"{}\": the port must be 1..65535", entry);
  return "";
}

void check_cassandra_hosts(ConfigReader& r, const YAML::Node& node, const std::string& key,
                           const std::string& hosts) {
  size_t start = 0;
  while (start <= hosts.size()) {
    size_t comma = hosts.find(',', start);
    if (comma == std::string::npos) comma = hosts.size();
    std::string entry = hosts.substr(start, comma - start);
    entry.erase(0, entry.find_first_not_of(" \t"));
    entry.erase(entry.find_last_not_of(" \t") + 1);
    if (std::string problem = host_problem(entry); !problem.empty()) {
      r.error(node["hosts"], join_key(key, "hosts"),
              fmt::format("{} (expected host[:port][,host[:port]...])", problem));
      return;
    }
    start = comma + 1;
  }
}

// A keyspace sluice can name without quotes: lower case, so that every client (cqlsh, drivers,
// our CQL text) means the same keyspace.
bool plain_cql_name(std::string_view name) {
  if (name.empty() || name.size() > 48 || !std::islower(static_cast<unsigned char>(name[0]))) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '_';
  });
}

// Levels the sink may use for both its writes and its key_owners() reads.
constexpr std::string_view kConsistencies[] = {"ONE", "TWO",          "THREE",       "QUORUM",
                                               "ALL", "LOCAL_QUORUM", "EACH_QUORUM", "LOCAL_ONE"};

std::string consistency_list() {
  std::string names;
  for (std::string_view c : kConsistencies)
    names += fmt::format("{}{}", names.empty() ? "" : ", ", c);
  return names;
}

void read_consistency(ConfigReader& r, const YAML::Node& node, const std::string& key,
                      SinkConfig* out) {
  if (!node["consistency"].IsDefined()) return;
  const std::string ckey = join_key(key, "consistency");
  auto text = r.scalar(node["consistency"], ckey, "a string");
  if (!text) return;
  std::string upper = *text;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (std::find(std::begin(kConsistencies), std::end(kConsistencies), upper) !=
      std::end(kConsistencies)) {
    out->consistency = upper;
    return;
  }
  std::string why = "is not a consistency level";
  if (upper == "ANY") why = "ANY cannot be read at (key_owners reads at this level)";
  if (upper == "SERIAL" || upper == "LOCAL_SERIAL") {
    why = upper + " is only for the conditions of lightweight transactions";
  }
  r.error(node["consistency"], ckey,
          fmt::format("\"{}\": {}; valid: {}", *text, why, consistency_list()));
}

void read_simple_replication(ConfigReader& r, const YAML::Node& repl, const std::string& key,
                             ReplicationConfig* out) {
  if (!r.check_map(repl, key, {"class", "replication_factor"})) return;
  out->strategy = ReplicationStrategy::kSimple;
  r.read(repl, "replication_factor", key, &out->replication_factor, {1, 100});
}

void read_topology_replication(ConfigReader& r, const YAML::Node& repl, const std::string& key,
                               ReplicationConfig* out) {
  out->strategy = ReplicationStrategy::kNetworkTopology;
  bool reported = false;
  for (const auto& kv : repl) {
    const std::string dc = kv.first.Scalar();
    if (dc == "class") continue;
    if (dc == "replication_factor") {
      r.error(kv.first, join_key(key, dc),
              "NetworkTopologyStrategy takes replicas per data center (<dc>: N), not "
              "replication_factor");
      reported = true;
      continue;
    }
    int replicas = 0;
    r.read(repl, dc, key, &replicas, {0, 100});
    out->datacenters[dc] = replicas;
  }
  if (out->datacenters.empty() && !reported) {
    r.error(repl, key, "NetworkTopologyStrategy needs at least one data center (<dc>: N)");
  }
}

void read_replication(ConfigReader& r, const YAML::Node& node, const std::string& key,
                      SinkConfig* out) {
  if (!node["replication"].IsDefined()) return;
  const YAML::Node repl = node["replication"];
  const std::string rkey = join_key(key, "replication");
  if (!repl.IsMap()) {
    r.error(repl, rkey, "expected a mapping: {class: SimpleStrategy, replication_factor: N}");
    return;
  }
  constexpr std::string_view kClasses[] = {"SimpleStrategy", "NetworkTopologyStrategy"};
  if (!r.require(repl, "class", rkey)) return;
  const std::optional<size_t> chosen = r.read_choice(repl, "class", rkey, kClasses);
  if (!chosen) return;
  ReplicationConfig replication;
  if (*chosen == 0) {
    read_simple_replication(r, repl, rkey, &replication);
  } else {
    read_topology_replication(r, repl, rkey, &replication);
  }
  out->replication = std::move(replication);
}

void read_credentials(ConfigReader& r, const YAML::Node& node, const std::string& key,
                      SinkConfig* out) {
  // Known only to be refused: a password in the file would end up in repositories and backups.
  if (node["password"].IsDefined()) {
    r.error(node["password"], join_key(key, "password"),
            "a password is never written in the config: name a file holding it (password_file) "
            "or an environment variable (password_env)");
  }
  r.read(node, "username", key, &out->username);
  r.read(node, "password_file", key, &out->password_file);
  r.read(node, "password_env", key, &out->password_env);
  // Not echoed: whatever was written here might be the password itself.
  if (!out->password_env.empty() && !is_env_name(out->password_env)) {
    r.error(node["password_env"], join_key(key, "password_env"),
            "must be the name of an environment variable (letters, digits and _)");
  }
  if (!out->password_file.empty() && !out->password_env.empty()) {
    r.error(node["password_env"], join_key(key, "password_env"),
            "give one of password_file and password_env");
  }
}

void read_cassandra(ConfigReader& r, const YAML::Node& node, const std::string& key,
                    SinkConfig* out) {
  read_hosts(r, node, key, out);
  r.read(node, "keyspace", key, &out->keyspace);
  read_replication(r, node, key, out);
  read_consistency(r, node, key, out);
  r.read(node, "write_concurrency", key, &out->write_concurrency, {1, 1024});
  r.read(node, "max_in_flight_groups", key, &out->max_in_flight_groups, {1, 64});
  r.read(node, "request_timeout_ms", key, &out->request_timeout_ms, {100, 600000});
  read_credentials(r, node, key, out);
  read_sink_tls(r, node, key, &out->tls);
}

void require_cassandra(ConfigReader& r, const YAML::Node& node, const std::string& key,
                       const SinkConfig& config) {
  require_hosts(r, node, key, config);
  if (!config.hosts.empty()) check_cassandra_hosts(r, node, key, config.hosts);
  if (config.keyspace.empty()) {
    r.error(node["keyspace"], join_key(key, "keyspace"), "must not be empty");
  } else if (!plain_cql_name(config.keyspace)) {
    r.error(node["keyspace"], join_key(key, "keyspace"),
            fmt::format("\"{}\": use lower-case letters, digits and _ (a letter first, at most 48)",
                        config.keyspace));
  }
  const bool password = !config.password_file.empty() || !config.password_env.empty();
  if (!config.username.empty() && !password) {
    r.error(node["username"], join_key(key, "username"),
            "needs password_file or password_env to say where the password is");
  } else if (config.username.empty() && password) {
    const char* given = config.password_file.empty() ? "password_env" : "password_file";
    r.error(node[given], join_key(key, given), "given without a username");
  }
  check_sink_tls(r, node, key, config.tls);
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
       true,
       {"hosts", "keyspace", "replication", "consistency", "write_concurrency",
        "max_in_flight_groups", "request_timeout_ms", "username", "password", "password_file",
        "password_env", "tls"},
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
