#include "cql/column_type.h"

#include <string>
#include <utility>

namespace sluice::cql {
namespace {

const char* native_name(TypeId id) {
  switch (id) {
    case TypeId::kAscii:
      return "ascii";
    case TypeId::kBigint:
      return "bigint";
    case TypeId::kBlob:
      return "blob";
    case TypeId::kBoolean:
      return "boolean";
    case TypeId::kCounter:
      return "counter";
    case TypeId::kDecimal:
      return "decimal";
    case TypeId::kDouble:
      return "double";
    case TypeId::kFloat:
      return "float";
    case TypeId::kInt:
      return "int";
    case TypeId::kTimestamp:
      return "timestamp";
    case TypeId::kUuid:
      return "uuid";
    case TypeId::kVarchar:
      return "text";
    case TypeId::kVarint:
      return "varint";
    case TypeId::kTimeuuid:
      return "timeuuid";
    case TypeId::kInet:
      return "inet";
    case TypeId::kDate:
      return "date";
    case TypeId::kTime:
      return "time";
    case TypeId::kSmallint:
      return "smallint";
    case TypeId::kTinyint:
      return "tinyint";
    case TypeId::kDuration:
      return "duration";
    default:
      return nullptr;
  }
}

std::string join_params(const ColumnType& t) {
  std::string out;
  for (size_t i = 0; i < t.params.size(); ++i) {
    if (i) out += ", ";
    out += t.params[i].to_string();
  }
  return out;
}

Status read_udt(WireReader& r, ColumnType& t, int depth) {
  SLUICE_ASSIGN_OR_RETURN(std::string_view ks, r.read_string());
  SLUICE_ASSIGN_OR_RETURN(std::string_view name, r.read_string());
  t.name = std::string(ks) + "." + std::string(name);
  SLUICE_ASSIGN_OR_RETURN(uint16_t n, r.read_short());
  for (uint16_t i = 0; i < n; ++i) {
    SLUICE_ASSIGN_OR_RETURN(std::string_view field, r.read_string());
    SLUICE_ASSIGN_OR_RETURN(ColumnType ft, read_column_type(r, depth + 1));
    t.field_names.emplace_back(field);
    t.params.push_back(std::move(ft));
  }
  return Status::ok_status();
}

}  // namespace

ColumnType ColumnType::list_of(ColumnType element) {
  ColumnType t = of(TypeId::kList);
  t.params.push_back(std::move(element));
  return t;
}

ColumnType ColumnType::set_of(ColumnType element) {
  ColumnType t = of(TypeId::kSet);
  t.params.push_back(std::move(element));
  return t;
}

ColumnType ColumnType::map_of(ColumnType key, ColumnType value) {
  ColumnType t = of(TypeId::kMap);
  t.params.push_back(std::move(key));
  t.params.push_back(std::move(value));
  return t;
}

std::string ColumnType::to_string() const {
  if (const char* n = native_name(id)) return n;
  switch (id) {
    case TypeId::kCustom:
      return "'" + name + "'";
    case TypeId::kList:
      return "list<" + join_params(*this) + ">";
    case TypeId::kSet:
      return "set<" + join_params(*this) + ">";
    case TypeId::kMap:
      return "map<" + join_params(*this) + ">";
    case TypeId::kTuple:
      return "tuple<" + join_params(*this) + ">";
    case TypeId::kUdt:
      return name;
    default:
      return "type#" + std::to_string(static_cast<uint16_t>(id));
  }
}

Result<ColumnType> read_column_type(WireReader& r, int depth) {
  if (depth >= kMaxTypeDepth) {
    return Status::corruption("type nested deeper than " + std::to_string(kMaxTypeDepth));
  }
  size_t at = r.position();
  SLUICE_ASSIGN_OR_RETURN(uint16_t raw, r.read_short());
  ColumnType t = ColumnType::of(static_cast<TypeId>(raw));
  if (native_name(t.id)) return t;
  switch (t.id) {
    case TypeId::kCustom: {
      SLUICE_ASSIGN_OR_RETURN(std::string_view cls, r.read_string());
      t.name = std::string(cls);
      return t;
    }
    case TypeId::kList:
    case TypeId::kSet: {
      SLUICE_ASSIGN_OR_RETURN(ColumnType e, read_column_type(r, depth + 1));
      t.params.push_back(std::move(e));
      return t;
    }
    case TypeId::kMap: {
      SLUICE_ASSIGN_OR_RETURN(ColumnType k, read_column_type(r, depth + 1));
      SLUICE_ASSIGN_OR_RETURN(ColumnType v, read_column_type(r, depth + 1));
      t.params.push_back(std::move(k));
      t.params.push_back(std::move(v));
      return t;
    }
    case TypeId::kTuple: {
      SLUICE_ASSIGN_OR_RETURN(uint16_t n, r.read_short());
      for (uint16_t i = 0; i < n; ++i) {
        SLUICE_ASSIGN_OR_RETURN(ColumnType e, read_column_type(r, depth + 1));
        t.params.push_back(std::move(e));
      }
      return t;
    }
    case TypeId::kUdt:
      SLUICE_RETURN_IF_ERROR(read_udt(r, t, depth));
      return t;
    default:
      return Status::corruption("unknown type id " + std::to_string(raw) + " at byte " +
                                std::to_string(at));
  }
}

}  // namespace sluice::cql
