// Reads `scheduler:`: which store keeps the run history and how to reach it.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "core/config_sections.h"
#include "core/secret_source.h"

namespace sluice {
namespace {

constexpr std::string_view kStores[] = {"sqlite", "postgres"};

// Unquoted in no statement, but kept to what every client spells the same way.
bool plain_sql_name(std::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  if (!std::islower(static_cast<unsigned char>(name[0])) && name[0] != '_') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '_';
  });
}

// Each key named by the pair, when both are given: "give one of ...".
void at_most_one(ConfigReader& r, const YAML::Node& node, const std::string& key,
                 std::string_view a, std::string_view b) {
  if (node[std::string(a)].IsDefined() && node[std::string(b)].IsDefined()) {
    r.error(node[std::string(b)], join_key(key, b), fmt::format("give one of {} and {}", a, b));
  }
}

void check_env_name(ConfigReader& r, const YAML::Node& node, const std::string& key,
                    std::string_view name_key, const std::string& value) {
  // The value is not echoed: whatever was written there might be a secret itself.
  if (node[std::string(name_key)].IsDefined() && !is_env_name(value)) {
    r.error(node[std::string(name_key)], join_key(key, name_key),
            "must be the name of an environment variable (letters, digits and _)");
  }
}

void refuse_secrets(ConfigReader& r, const YAML::Node& node, const std::string& key) {
  // Known only to be refused: a secret in the file ends up in repositories and backups.
  if (node["password"].IsDefined()) {
    r.error(node["password"], join_key(key, "password"),
            "a password is never written in the config: name a file holding it (password_file) "
            "or an environment variable (password_env)");
  }
  if (node["dsn"].IsDefined()) {
    r.error(node["dsn"], join_key(key, "dsn"),
            "a connection string may hold a password, so it is never written in the config: "
            "name an environment variable (dsn_env) or a file (dsn_file) holding it");
  }
}

void read_postgres(ConfigReader& r, const YAML::Node& node, PostgresStoreConfig* out) {
  const std::string key = "scheduler.postgres";
  if (!r.check_map(node, key,
                   {"dsn", "dsn_env", "dsn_file", "host", "port", "database", "user", "password",
                    "password_file", "password_env", "schema", "connect_timeout_ms"})) {
    return;
  }
  refuse_secrets(r, node, key);
  r.read(node, "dsn_env", key, &out->dsn_env);
  r.read(node, "dsn_file", key, &out->dsn_file);
  r.read(node, "host", key, &out->host);
  r.read(node, "port", key, &out->port, {1, 65535});
  r.read(node, "database", key, &out->database);
  r.read(node, "user", key, &out->user);
  r.read(node, "password_file", key, &out->password_file);
  r.read(node, "password_env", key, &out->password_env);
  r.read(node, "schema", key, &out->schema);
  r.read(node, "connect_timeout_ms", key, &out->connect_timeout_ms, {1000, 600000});
  check_env_name(r, node, key, "dsn_env", out->dsn_env);
  check_env_name(r, node, key, "password_env", out->password_env);
  at_most_one(r, node, key, "dsn_env", "dsn_file");
  at_most_one(r, node, key, "password_file", "password_env");
  if (node["schema"].IsDefined() && !plain_sql_name(out->schema)) {
    r.error(node["schema"], join_key(key, "schema"),
            fmt::format("\"{}\": use lower-case letters, digits and _ (not a digit first, at "
                        "most 63)",
                        out->schema));
  }
  const bool dsn = !out->dsn_env.empty() || !out->dsn_file.empty();
  for (std::string_view part :
       {"host", "port", "database", "user", "password_file", "password_env"}) {
    if (dsn && node[std::string(part)].IsDefined()) {
      r.error(node[std::string(part)], join_key(key, part),
              "give either a connection string (dsn_env or dsn_file) or host, database and "
              "user, not both");
    }
  }
}

// What `store: postgres` needs: a connection string, or host, database and user.
void require_postgres(ConfigReader& r, const YAML::Node& root, const PostgresStoreConfig& pg) {
  const YAML::Node node = root["postgres"];
  if (!r.require(root, "postgres", "scheduler") || !node.IsMap()) return;
  if (!pg.dsn_env.empty() || !pg.dsn_file.empty()) return;
  if (!node["host"].IsDefined()) {
    r.error(node, "scheduler.postgres",
            "needs a connection string (dsn_env or dsn_file) or host, database and user");
    return;
  }
  for (std::string_view part : {"host", "database", "user"}) {
    r.require(node, part, "scheduler.postgres");
  }
}

}  // namespace

void read_scheduler(ConfigReader& r, const YAML::Node& node, SchedulerConfig* out) {
  const std::string key = "scheduler";
  if (!r.check_map(node, key, {"store", "sqlite_path", "postgres", "lease_ms"})) return;
  if (const auto chosen = r.read_choice(node, "store", key, kStores)) {
    out->store = *chosen == 0 ? RunStoreKind::kSqlite : RunStoreKind::kPostgres;
  }
  if (node["sqlite_path"].IsDefined()) {
    r.read(node, "sqlite_path", key, &out->sqlite_path);
    if (out->sqlite_path.empty()) {
      r.error(node["sqlite_path"], join_key(key, "sqlite_path"), "must not be empty");
    }
  }
  r.read(node, "lease_ms", key, &out->lease_ms, {1000, 3600000});
  if (node["postgres"].IsDefined()) read_postgres(r, node["postgres"], &out->postgres);
  if (out->store == RunStoreKind::kPostgres) require_postgres(r, node, out->postgres);
}

}  // namespace sluice
