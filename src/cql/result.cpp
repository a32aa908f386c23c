#include "cql/result.h"

#include <string>
#include <utility>

#include "cql/value_codec.h"

namespace sluice::cql {
namespace {

// Every column spec takes at least a name ([short]) and a type id ([short]).
constexpr size_t kMinColumnSpecBytes = 4;

Status read_column_specs(WireReader& r, int32_t count, bool global, std::vector<ColumnSpec>& out) {
  if (count < 0 || static_cast<size_t>(count) > r.remaining() / kMinColumnSpecBytes) {
    return Status::corruption("metadata claims " + std::to_string(count) + " columns in " +
                              std::to_string(r.remaining()) + " bytes");
  }
  std::string ks, table;
  if (global) {
    SLUICE_ASSIGN_OR_RETURN(std::string_view k, r.read_string());
    SLUICE_ASSIGN_OR_RETURN(std::string_view t, r.read_string());
    ks = std::string(k);
    table = std::string(t);
  }
  out.reserve(static_cast<size_t>(count));
  for (int32_t i = 0; i < count; ++i) {
    ColumnSpec spec{ks, table, {}, {}};
    if (!global) {
      SLUICE_ASSIGN_OR_RETURN(std::string_view k, r.read_string());
      SLUICE_ASSIGN_OR_RETURN(std::string_view t, r.read_string());
      spec.keyspace = std::string(k);
      spec.table = std::string(t);
    }
    SLUICE_ASSIGN_OR_RETURN(std::string_view name, r.read_string());
    spec.name = std::string(name);
    SLUICE_ASSIGN_OR_RETURN(spec.type, read_column_type(r));
    out.push_back(std::move(spec));
  }
  return Status::ok_status();
}

Result<Rows> decode_rows(WireReader& r, const RowsMetadata* cached) {
  Rows rows;
  SLUICE_ASSIGN_OR_RETURN(rows.metadata, decode_rows_metadata(r));
  const RowsMetadata& meta = rows.metadata;
  const std::vector<ColumnSpec>* columns = &meta.columns;
  if ((meta.flags & kMetaNoMetadata) && cached &&
      cached->columns.size() == static_cast<size_t>(meta.column_count)) {
    columns = &cached->columns;
  }
  SLUICE_ASSIGN_OR_RETURN(int32_t count, r.read_int());
  auto width = static_cast<size_t>(meta.column_count);
  // Each cell is at least a 4-byte length; a row of no columns cannot be honest.
  if (count < 0 || (count > 0 && width == 0) ||
      static_cast<size_t>(count) > r.remaining() / 4 / (width ? width : 1)) {
    return Status::corruption("rows result claims " + std::to_string(count) + " rows of " +
                              std::to_string(width) + " columns in " +
                              std::to_string(r.remaining()) + " bytes");
  }
  static const ColumnType kRaw = ColumnType::of(TypeId::kBlob);
  rows.rows.reserve(static_cast<size_t>(count));
  for (int32_t i = 0; i < count; ++i) {
    Row row;
    row.reserve(width);
    for (size_t c = 0; c < width; ++c) {
      SLUICE_ASSIGN_OR_RETURN(auto cell, r.read_bytes());
      const ColumnType& type = c < columns->size() ? (*columns)[c].type : kRaw;
      auto v = decode_value(type, cell);
      if (!v.ok()) {
        return v.status().with_context("row " + std::to_string(i) + " column " + std::to_string(c));
      }
      row.push_back(std::move(v).value());
    }
    rows.rows.push_back(std::move(row));
  }
  return rows;
}

Result<Prepared> decode_prepared(WireReader& r) {
  Prepared p;
  SLUICE_ASSIGN_OR_RETURN(std::string_view id, r.read_short_bytes());
  p.id = std::string(id);
  SLUICE_ASSIGN_OR_RETURN(int32_t flags, r.read_int());
  SLUICE_ASSIGN_OR_RETURN(int32_t count, r.read_int());
  SLUICE_ASSIGN_OR_RETURN(int32_t pk_count, r.read_int());
  if (pk_count < 0 || static_cast<size_t>(pk_count) > r.remaining() / 2) {
    return Status::corruption("prepared metadata claims " + std::to_string(pk_count) +
                              " partition key indexes");
  }
  for (int32_t i = 0; i < pk_count; ++i) {
    SLUICE_ASSIGN_OR_RETURN(uint16_t index, r.read_short());
    p.partition_key_indexes.push_back(index);
  }
  SLUICE_RETURN_IF_ERROR(
      read_column_specs(r, count, (flags & kMetaGlobalTableSpec) != 0, p.bind_markers));
  SLUICE_ASSIGN_OR_RETURN(p.result_metadata, decode_rows_metadata(r));
  return p;
}

Result<SchemaChange> decode_schema_change(WireReader& r) {
  SchemaChange c;
  SLUICE_ASSIGN_OR_RETURN(std::string_view change, r.read_string());
  SLUICE_ASSIGN_OR_RETURN(std::string_view target, r.read_string());
  SLUICE_ASSIGN_OR_RETURN(std::string_view ks, r.read_string());
  c.change_type = std::string(change);
  c.target = std::string(target);
  c.keyspace = std::string(ks);
  if (c.target == "KEYSPACE") return c;
  SLUICE_ASSIGN_OR_RETURN(std::string_view name, r.read_string());
  c.name = std::string(name);
  if (c.target == "FUNCTION" || c.target == "AGGREGATE") {
    SLUICE_ASSIGN_OR_RETURN(c.arg_types, r.read_string_list());
  }
  return c;
}

}  // namespace

int Rows::column_index(std::string_view name) const {
  for (size_t i = 0; i < metadata.columns.size(); ++i) {
    if (metadata.columns[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

std::string_view result_kind_name(ResultKind kind) {
  switch (kind) {
    case ResultKind::kVoid:
      return "Void";
    case ResultKind::kRows:
      return "Rows";
    case ResultKind::kSetKeyspace:
      return "Set_keyspace";
    case ResultKind::kPrepared:
      return "Prepared";
    case ResultKind::kSchemaChange:
      return "Schema_change";
  }
  return "Unknown";
}

Result<RowsMetadata> decode_rows_metadata(WireReader& r) {
  RowsMetadata m;
  SLUICE_ASSIGN_OR_RETURN(m.flags, r.read_int());
  SLUICE_ASSIGN_OR_RETURN(m.column_count, r.read_int());
  if (m.column_count < 0) {
    return Status::corruption("rows metadata has " + std::to_string(m.column_count) + " columns");
  }
  if (m.flags & kMetaHasMorePages) {
    SLUICE_ASSIGN_OR_RETURN(auto state, r.read_bytes());
    m.paging_state = state ? std::string(*state) : std::string();
  }
  if (m.flags & kMetaNoMetadata) return m;
  SLUICE_RETURN_IF_ERROR(
      read_column_specs(r, m.column_count, (m.flags & kMetaGlobalTableSpec) != 0, m.columns));
  return m;
}

Result<QueryResult> decode_result(WireReader& r, const RowsMetadata* cached) {
  QueryResult out;
  SLUICE_ASSIGN_OR_RETURN(int32_t kind, r.read_int());
  out.kind = static_cast<ResultKind>(kind);
  switch (out.kind) {
    case ResultKind::kVoid:
      return out;
    case ResultKind::kRows: {
      SLUICE_ASSIGN_OR_RETURN(out.rows, decode_rows(r, cached));
      return out;
    }
    case ResultKind::kSetKeyspace: {
      SLUICE_ASSIGN_OR_RETURN(std::string_view ks, r.read_string());
      out.keyspace = std::string(ks);
      return out;
    }
    case ResultKind::kPrepared: {
      SLUICE_ASSIGN_OR_RETURN(out.prepared, decode_prepared(r));
      return out;
    }
    case ResultKind::kSchemaChange: {
      SLUICE_ASSIGN_OR_RETURN(out.schema_change, decode_schema_change(r));
      return out;
    }
  }
  return Status::corruption("unknown result kind " + std::to_string(kind));
}

}  // namespace sluice::cql
