// What the Cassandra sink runs with, made from `sink:` (core/config.h, SinkConfig): the CQL
// session's options (contact points, credentials, timeouts, TLS) and the sink's own knobs. The
// password is read here, when the sink opens, from the file or environment variable the
// config names; no error message ever holds it.
#pragma once

#include <string>
#include <vector>

#include "core/config.h"
#include "core/config_interpolate.h"
#include "core/status.h"
#include "cql/consistency.h"
#include "cql/session.h"

namespace sluice::cassandra {

struct SinkOptions {
  cql::SessionOptions session;
  std::string keyspace;
  ReplicationConfig replication;
  cql::Consistency write_consistency = cql::Consistency::kLocalQuorum;
  // key_owners() and reconcile's reads: the write level, except EACH_QUORUM (not a read
  // level everywhere), read at QUORUM, which still overlaps every EACH_QUORUM write.
  cql::Consistency read_consistency = cql::Consistency::kLocalQuorum;
  int write_concurrency = 64;
  int max_in_flight_groups = 4;
  // Schema changes: Cassandra answers a CREATE only once it is applied, which on a busy node
  // takes seconds; the default request timeout is for rows.
  std::chrono::milliseconds schema_timeout{30000};
};

// "a:9042, b ,[::1]:9043" -> {"a:9042", "b", "[::1]:9043"}: entries trimmed, empty ones dropped.
std::vector<std::string> split_hosts(const std::string& hosts);

// kInvalidArgument naming the key (sink.password_file, sink.consistency, ...) when something
// cannot be used; `env` resolves password_env (process_env() outside tests).
Result<SinkOptions> sink_options(const SinkConfig& config, const EnvLookup& env);

}  // namespace sluice::cassandra
