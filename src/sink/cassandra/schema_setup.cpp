#include "sink/cassandra/schema_setup.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <set>
#include <thread>

#include "sink/cassandra/cassandra_cql.h"

namespace sluice::cassandra {
namespace {

using std::chrono::milliseconds;

Status create(cql::Session& session, const std::string& query, milliseconds timeout) {
  cql::Statement statement;
  statement.query = query;
  statement.timeout = timeout;
  // Not idempotent for the retry policy: a CREATE that timed out may still be applied, and
  // sending it again is what IF NOT EXISTS is for, but the caller (open) decides that.
  cql::ServerError error;
  auto result = session.execute(statement, &error);
  if (result.ok() || error.code == cql::ErrorCode::kAlreadyExists) return {};
  return result.status().with_context(query);
}

// The schema versions the node reports for itself and its peers; empty ones are skipped (a
// peer that never finished joining has none).
Result<std::set<std::string>> schema_versions(cql::Session& session) {
  std::set<std::string> versions;  // uuids, as their 16 bytes
  for (const char* query : {"SELECT schema_version FROM system.local WHERE key = 'local'",
                            "SELECT schema_version FROM system.peers"}) {
    cql::Statement statement;
    statement.query = query;
    statement.idempotent = true;
    statement.consistency = cql::Consistency::kOne;  // system tables are local to the node
    SLUICE_ASSIGN_OR_RETURN(std::vector<cql::Row> rows, session.fetch_all(statement));
    for (const cql::Row& row : rows) {
      if (!row.empty() && !row[0].is_null()) versions.insert(row[0].bytes());
    }
  }
  return versions;
}

}  // namespace

Status wait_for_schema_agreement(cql::Session& session, milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  size_t versions = 0;
  while (true) {
    SLUICE_ASSIGN_OR_RETURN(std::set<std::string> seen, schema_versions(session));
    if (seen.size() <= 1) return {};
    versions = seen.size();
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(milliseconds(200));
  }
  return Status::timeout(fmt::format("the nodes still report {} schema versions after {} ms",
                                     versions, timeout.count()));
}

Status ensure_schema(cql::Session& session, const SinkOptions& options, const Schema& schema) {
  const std::string& ks = options.keyspace;
  SLUICE_RETURN_IF_ERROR(
      create(session, create_keyspace_cql(ks, options.replication), options.schema_timeout));
  // A table can only be created once the coordinator knows the keyspace; it does, since it
  // answered the CREATE KEYSPACE. The agreement wait below covers the other nodes.
  SLUICE_RETURN_IF_ERROR(create(session, create_users_cql(ks, schema), options.schema_timeout));
  SLUICE_RETURN_IF_ERROR(create(session, create_quarantine_cql(ks), options.schema_timeout));
  Status agreed = wait_for_schema_agreement(session, options.schema_timeout);
  if (agreed.code() == StatusCode::kTimeout) {
    spdlog::warn(
        "cassandra sink: {} (a node down?); going on, since the coordinator has the "
        "tables",
        agreed.message());
    return {};
  }
  return agreed;
}

}  // namespace sluice::cassandra
