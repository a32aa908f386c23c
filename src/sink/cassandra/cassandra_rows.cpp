#include "sink/cassandra/cassandra_rows.h"

namespace sluice::cassandra {

std::vector<cql::Value> user_values(const Record& record) {
  const size_t fields = record.schema().size();
  std::vector<cql::Value> values;
  values.reserve(fields + 3);
  for (size_t i = 0; i < fields; ++i)
    values.push_back(record.is_null(i) ? cql::Value::null() : cql::Value::text(record.to_text(i)));
  values.push_back(cql::Value::int32(record.meta.partition));
  values.push_back(cql::Value::int64(record.meta.offset));
  values.push_back(cql::Value::timestamp(record.meta.ingest_time_ms));
  return values;
}

std::vector<cql::Value> quarantine_values(const QuarantineRow& row) {
  return {cql::Value::int32(row.position.partition),
          cql::Value::int64(row.position.offset),
          cql::Value::text(row.key),
          cql::Value::text(row.raw),
          cql::Value::text(reasons_to_json(row.reasons)),
          cql::Value::timestamp(row.ingested_at_ms)};
}

}  // namespace sluice::cassandra
