#include "sink/cassandra/cassandra_cql.h"

#include <fmt/format.h>

namespace sluice::cassandra {
namespace {

// `text` between two `quote`s, a quote inside doubled: CQL's string literals ('...') and
// quoted names ("...") both escape that way.
std::string quoted(std::string_view text, char quote) {
  std::string out(1, quote);
  for (char c : text) {
    if (c == quote) out += quote;
    out += c;
  }
  return out + quote;
}

std::string table(const std::string& keyspace, const char* name) {
  return fmt::format("{}.{}", keyspace, name);
}

}  // namespace

std::string quote_name(std::string_view name) {
  return quoted(name, '"');
}

std::string replication_cql(const ReplicationConfig& replication) {
  switch (replication.strategy) {
    case ReplicationStrategy::kSimple:
      return fmt::format("{{'class': 'SimpleStrategy', 'replication_factor': {}}}",
                         replication.replication_factor);
    case ReplicationStrategy::kNetworkTopology: {
      std::string out = "{'class': 'NetworkTopologyStrategy'";
      for (const auto& [dc, replicas] : replication.datacenters)
        out += fmt::format(", {}: {}", quoted(dc, '\''), replicas);
      return out + "}";
    }
  }
  return "";
}

std::string create_keyspace_cql(const std::string& keyspace, const ReplicationConfig& replication) {
  return fmt::format("CREATE KEYSPACE IF NOT EXISTS {} WITH replication = {}", keyspace,
                     replication_cql(replication));
}

std::string create_users_cql(const std::string& keyspace, const Schema& schema) {
  std::string columns;
  for (size_t i = 0; i < schema.size(); ++i) {
    columns += fmt::format("{} text{}, ", quote_name(schema.field(i).name),
                           i == schema.key_index() ? " PRIMARY KEY" : "");
  }
  return fmt::format(
      "CREATE TABLE IF NOT EXISTS {} ({}\"_partition\" int, \"_offset\" bigint, \"_ingested_at\" "
      "timestamp)",
      table(keyspace, kUsersTable), columns);
}

std::string create_quarantine_cql(const std::string& keyspace) {
  return fmt::format(
      "CREATE TABLE IF NOT EXISTS {} (\"_partition\" int, \"_offset\" bigint, key text, raw text, "
      "reasons text, \"_ingested_at\" timestamp, PRIMARY KEY ((\"_partition\", \"_offset\")))",
      table(keyspace, kQuarantineTable));
}

std::string insert_user_cql(const std::string& keyspace, const Schema& schema) {
  std::string columns;
  std::string markers;
  for (size_t i = 0; i < schema.size(); ++i) {
    columns += quote_name(schema.field(i).name) + ", ";
    markers += "?, ";
  }
  return fmt::format(
      "INSERT INTO {} ({}\"_partition\", \"_offset\", \"_ingested_at\") VALUES ({}?, ?, ?)",
      table(keyspace, kUsersTable), columns, markers);
}

std::string insert_quarantine_cql(const std::string& keyspace) {
  return fmt::format(
      "INSERT INTO {} (\"_partition\", \"_offset\", key, raw, reasons, \"_ingested_at\") "
      "VALUES (?, ?, ?, ?, ?, ?)",
      table(keyspace, kQuarantineTable));
}

std::string select_owners_cql(const std::string& keyspace, const Schema& schema, size_t keys) {
  std::string markers;
  for (size_t i = 0; i < keys; ++i)
    markers += i == 0 ? "?" : ", ?";
  const std::string key = quote_name(schema.key_name());
  return fmt::format("SELECT {}, \"_partition\", \"_offset\" FROM {} WHERE {} IN ({})", key,
                     table(keyspace, kUsersTable), key, markers);
}

std::string select_owner_version_cql(const std::string& keyspace, const Schema& schema) {
  return fmt::format(
      "SELECT \"_partition\", \"_offset\", WRITETIME(\"_offset\") FROM {} WHERE {} = ?",
      table(keyspace, kUsersTable), quote_name(schema.key_name()));
}

std::string delete_user_version_cql(const std::string& keyspace, const Schema& schema) {
  return fmt::format("DELETE FROM {} USING TIMESTAMP ? WHERE {} = ?", table(keyspace, kUsersTable),
                     quote_name(schema.key_name()));
}

std::string delete_quarantine_cql(const std::string& keyspace) {
  return fmt::format("DELETE FROM {} WHERE \"_partition\" = ? AND \"_offset\" = ?",
                     table(keyspace, kQuarantineTable));
}

}  // namespace sluice::cassandra
