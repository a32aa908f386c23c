// Makes the keyspace and the two tables exist before the sink writes (docs/cluster.md,
// "Cassandra sink"). Cassandra applies schema changes node by node: a CREATE answered with a
// schema change is applied on the coordinator, and the other nodes learn it shortly after.
// So after the CREATEs the sink waits until every node listed in system.peers reports the
// coordinator's schema version, as drivers do; if some never does (a node is down), it goes
// on after the timeout with a warning, since preparing the statements (next, in open())
// proves the coordinator has the tables and a write a replica cannot take fails its group.
#pragma once

#include <chrono>

#include "core/schema.h"
#include "core/status.h"
#include "cql/session.h"
#include "sink/cassandra/cassandra_options.h"

namespace sluice::cassandra {

// CREATE KEYSPACE / TABLE IF NOT EXISTS, then waits for schema agreement. Two workers opening
// at once both succeed: IF NOT EXISTS answers an existing table with no change, and an
// Already_exists error (which a lost race can still give) counts as success.
Status ensure_schema(cql::Session& session, const SinkOptions& options, const Schema& schema);

// Polls system.local and system.peers until every schema_version is the same; kTimeout after
// `timeout`.
Status wait_for_schema_agreement(cql::Session& session, std::chrono::milliseconds timeout);

}  // namespace sluice::cassandra
