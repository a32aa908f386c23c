// The values the Cassandra sink binds for one row of each table, in the bind order of
// cassandra_cql.h's INSERTs. Every schema field is stored as text (Record::to_text), a null
// field as null (which overwrites what an earlier upsert of the key stored, as in SQLite).
#pragma once

#include <vector>

#include "core/record.h"
#include "cql/value.h"
#include "sink/sink.h"

namespace sluice::cassandra {

// The schema's fields, then _partition, _offset, _ingested_at.
std::vector<cql::Value> user_values(const Record& record);
// _partition, _offset, key, raw, reasons (reasons_to_json, as the SQLite sink), _ingested_at.
std::vector<cql::Value> quarantine_values(const QuarantineRow& row);

}  // namespace sluice::cassandra
