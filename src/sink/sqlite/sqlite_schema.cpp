#include "sink/sqlite/sqlite_schema.h"

#include <fmt/format.h>

namespace sluice::sqlite {
namespace {

const char* column_type(FieldType type) {
  switch (type) {
    case FieldType::kInt:
    case FieldType::kBool:
      return "INTEGER";
    case FieldType::kFloat:
      return "REAL";
    case FieldType::kText:
    case FieldType::kTimestamp:
      return "TEXT";
  }
  return "TEXT";
}

}  // namespace

std::string create_users_sql(const Schema& schema) {
  std::string sql = fmt::format("CREATE TABLE IF NOT EXISTS {} (", kUsersTable);
  for (size_t i = 0; i < schema.size(); ++i) {
    const auto& f = schema.field(i);
    sql += fmt::format("\"{}\" {}{}, ", f.name, column_type(f.type),
                       i == schema.key_index() ? " PRIMARY KEY NOT NULL" : "");
  }
  sql += "_partition INTEGER NOT NULL, _offset INTEGER NOT NULL, _ingested_at TEXT NOT NULL)";
  return sql;
}

std::string create_quarantine_sql() {
  return fmt::format(
      "CREATE TABLE IF NOT EXISTS {} (_partition INTEGER NOT NULL, _offset INTEGER NOT NULL, "
      "raw TEXT NOT NULL, reasons TEXT NOT NULL, _ingested_at TEXT NOT NULL, "
      "PRIMARY KEY (_partition, _offset))",
      kQuarantineTable);
}

std::string upsert_user_sql(const Schema& schema) {
  std::string columns;
  std::string params;
  std::string updates;
  for (size_t i = 0; i < schema.size(); ++i) {
    const auto& name = schema.field(i).name;
    columns += fmt::format("\"{}\", ", name);
    params += "?, ";
    if (i != schema.key_index()) updates += fmt::format("\"{0}\" = excluded.\"{0}\", ", name);
  }
  return fmt::format(
      "INSERT INTO {} ({}_partition, _offset, _ingested_at) VALUES ({}?, ?, ?) "
      "ON CONFLICT(\"{}\") DO UPDATE SET {}_partition = excluded._partition, "
      "_offset = excluded._offset, _ingested_at = excluded._ingested_at",
      kUsersTable, columns, params, schema.key_name(), updates);
}

std::string upsert_quarantine_sql() {
  return fmt::format(
      "INSERT INTO {} (_partition, _offset, raw, reasons, _ingested_at) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT(_partition, _offset) DO UPDATE SET raw = excluded.raw, "
      "reasons = excluded.reasons, _ingested_at = excluded._ingested_at",
      kQuarantineTable);
}

std::string owners_sql(const Schema& schema, int keys) {
  std::string params;
  for (int i = 0; i < keys; ++i)
    params += i == 0 ? "?" : ", ?";
  return fmt::format("SELECT \"{0}\", _partition, _offset FROM {1} WHERE \"{0}\" IN ({2})",
                     schema.key_name(), kUsersTable, params);
}

}  // namespace sluice::sqlite
