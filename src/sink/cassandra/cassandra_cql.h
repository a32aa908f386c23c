// The CQL text of the Cassandra sink's keyspace, tables and statements (docs/cluster.md,
// "Cassandra sink"), built from the config and the pipeline's schema. Pure functions: the
// unit tests check the text without a server.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/config.h"
#include "core/schema.h"

namespace sluice::cassandra {

inline constexpr const char* kUsersTable = "created_users";
inline constexpr const char* kQuarantineTable = "quarantine";

// "name" in double quotes (a quote inside doubled): field names keep their case and may be
// CQL keywords. The meta columns are always quoted too: an unquoted CQL name cannot start
// with `_`.
std::string quote_name(std::string_view name);
// The replication map: {'class': 'SimpleStrategy', 'replication_factor': 1} or
// {'class': 'NetworkTopologyStrategy', 'dc1': 3, ...}.
std::string replication_cql(const ReplicationConfig& replication);
std::string create_keyspace_cql(const std::string& keyspace, const ReplicationConfig& replication);
// created_users: every schema field as text (the key field the primary key), then
// _partition int, _offset bigint, _ingested_at timestamp.
std::string create_users_cql(const std::string& keyspace, const Schema& schema);
// quarantine: one Cassandra partition per log position, PRIMARY KEY ((_partition, _offset)).
std::string create_quarantine_cql(const std::string& keyspace);

// Bind order: the schema's fields, _partition, _offset, _ingested_at (user_values()).
std::string insert_user_cql(const std::string& keyspace, const Schema& schema);
// Bind order: _partition, _offset, key, raw, reasons, _ingested_at (quarantine_values()).
std::string insert_quarantine_cql(const std::string& keyspace);
// Keys per key_owners() SELECT: IN (100 markers) answered 7,500 keys 5-7x faster than one
// SELECT per key on one node (docs/cluster.md), and 100 small rows are little for a coordinator
// to gather.
inline constexpr size_t kOwnersChunk = 100;

// `keys` keys -> key, _partition, _offset of those stored (key_owners).
std::string select_owners_cql(const std::string& keyspace, const Schema& schema, size_t keys);
// key -> _partition, _offset, writetime(_offset): what reconcile reads before it deletes.
std::string select_owner_version_cql(const std::string& keyspace, const Schema& schema);
// Bind: the write time of the row to delete, the key. The tombstone's timestamp is the row's
// own write time, so it removes that version of the row and nothing written after it.
std::string delete_user_version_cql(const std::string& keyspace, const Schema& schema);
// Bind: _partition, _offset.
std::string delete_quarantine_cql(const std::string& keyspace);

}  // namespace sluice::cassandra
