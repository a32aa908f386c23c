// RESULT bodies (spec 4.2.5): Void, Rows (with metadata and paging state), Set_keyspace,
// Prepared (bind markers and result metadata) and Schema_change, decoded into QueryResult.
// The decoder checks every count against the bytes left before allocating, so a hostile or
// damaged body yields kCorruption, never a crash or a huge allocation. Plain data; the caller
// owns it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "cql/column_type.h"
#include "cql/frame_format.h"
#include "cql/value.h"
#include "cql/wire_reader.h"

namespace sluice::cql {

struct ColumnSpec {
  std::string keyspace;
  std::string table;
  std::string name;
  ColumnType type;
};

struct RowsMetadata {
  int32_t flags = 0;
  int32_t column_count = 0;
  std::optional<std::string> paging_state;  // set when the server has more pages
  std::vector<ColumnSpec> columns;          // empty when kMetaNoMetadata

  bool has_more_pages() const { return paging_state.has_value(); }
};

using Row = std::vector<Value>;

struct Rows {
  RowsMetadata metadata;
  std::vector<Row> rows;

  // Index of the column called `name`, or -1.
  int column_index(std::string_view name) const;
};

// A PREPARE's answer: the id to EXECUTE with, what to bind, what rows will look like.
struct Prepared {
  std::string id;
  std::vector<ColumnSpec> bind_markers;
  std::vector<uint16_t> partition_key_indexes;
  RowsMetadata result_metadata;
};

struct SchemaChange {
  std::string change_type;  // CREATED, UPDATED, DROPPED
  std::string target;       // KEYSPACE, TABLE, TYPE, FUNCTION, AGGREGATE
  std::string keyspace;
  std::string name;                    // table, type, function or aggregate; "" for KEYSPACE
  std::vector<std::string> arg_types;  // FUNCTION and AGGREGATE
};

struct QueryResult {
  ResultKind kind = ResultKind::kVoid;
  Rows rows;                          // kRows
  std::string keyspace;               // kSetKeyspace
  Prepared prepared;                  // kPrepared
  SchemaChange schema_change;         // kSchemaChange
  std::vector<std::string> warnings;  // from the frame, for any kind
};

std::string_view result_kind_name(ResultKind kind);

// Decodes a RESULT body. `cached` gives the column types for Rows sent without metadata
// (after EXECUTE with skip_metadata); without it such cells decode as blobs.
Result<QueryResult> decode_result(WireReader& reader, const RowsMetadata* cached = nullptr);

// Rows metadata (also the result metadata of a Prepared result).
Result<RowsMetadata> decode_rows_metadata(WireReader& reader);

}  // namespace sluice::cql
