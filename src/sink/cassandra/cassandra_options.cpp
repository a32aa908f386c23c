#include "sink/cassandra/cassandra_options.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/log_secrets.h"
#include "core/secret_source.h"

namespace sluice::cassandra {
namespace {

std::string trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t"));
  s.erase(s.find_last_not_of(" \t") + 1);
  return s;
}

}  // namespace

std::vector<std::string> split_hosts(const std::string& hosts) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= hosts.size()) {
    size_t comma = std::min(hosts.find(',', start), hosts.size());
    std::string entry = trim(hosts.substr(start, comma - start));
    if (!entry.empty()) out.push_back(std::move(entry));
    start = comma + 1;
  }
  return out;
}

Result<SinkOptions> sink_options(const SinkConfig& config, const EnvLookup& env) {
  SinkOptions o;
  o.session.contact_points = split_hosts(config.hosts);
  if (o.session.contact_points.empty()) {
    return Status::invalid_argument("sink.hosts: names no Cassandra node");
  }
  if (!cql::parse_consistency(config.consistency, &o.write_consistency)) {
    return Status::invalid_argument(
        fmt::format("sink.consistency: \"{}\" is not a consistency level", config.consistency));
  }
  o.read_consistency = o.write_consistency == cql::Consistency::kEachQuorum
                           ? cql::Consistency::kQuorum
                           : o.write_consistency;
  o.session.consistency = o.write_consistency;
  o.session.connection.request_timeout = std::chrono::milliseconds(config.request_timeout_ms);
  // Every statement names its table with the keyspace: the keyspace may not exist yet when the
  // session connects, so it is not USE'd.
  o.session.connection.keyspace.clear();
  o.session.connection.username = config.username;
  if (!config.password_file.empty()) {
    SLUICE_ASSIGN_OR_RETURN(o.session.connection.password,
                            read_secret_file("sink.password_file", config.password_file));
  } else if (!config.password_env.empty()) {
    SLUICE_ASSIGN_OR_RETURN(o.session.connection.password,
                            read_secret_env("sink.password_env", config.password_env, env));
  }
  register_log_secret(o.session.connection.password);
  cql::TlsOptions& tls = o.session.connection.tls;
  tls.enabled = config.tls.enabled;
  if (tls.enabled) {
    tls.ca_file = config.tls.ca_file;
    tls.cert_file = config.tls.cert_file;
    tls.key_file = config.tls.key_file;
    tls.verify_hostname = config.tls.verify_hostname;
  }
  o.keyspace = config.keyspace;
  o.replication = config.replication;
  o.write_concurrency = std::max(1, config.write_concurrency);
  o.max_in_flight_groups = std::max(1, config.max_in_flight_groups);
  o.schema_timeout = std::max(o.schema_timeout, o.session.connection.request_timeout);
  return o;
}

}  // namespace sluice::cassandra
