// Column types as the server describes them ([option]: a [short] id and, for collections, UDTs
// and tuples, the types inside). Only a handful are bound and decoded natively (see value.h);
// the parser still understands every v4 type so that any result can be walked safely.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "cql/wire_reader.h"

namespace sluice::cql {

enum class TypeId : uint16_t {
  kCustom = 0x0000,  // a [string] Java class name follows
  kAscii = 0x0001,
  kBigint = 0x0002,
  kBlob = 0x0003,
  kBoolean = 0x0004,
  kCounter = 0x0005,
  kDecimal = 0x0006,
  kDouble = 0x0007,
  kFloat = 0x0008,
  kInt = 0x0009,
  kTimestamp = 0x000B,
  kUuid = 0x000C,
  kVarchar = 0x000D,  // text
  kVarint = 0x000E,
  kTimeuuid = 0x000F,
  kInet = 0x0010,
  kDate = 0x0011,
  kTime = 0x0012,
  kSmallint = 0x0013,
  kTinyint = 0x0014,
  kDuration = 0x0015,  // v5, but servers may describe it
  kList = 0x0020,      // one element type follows
  kMap = 0x0021,       // key type, value type
  kSet = 0x0022,       // one element type
  kUdt = 0x0030,       // [string] keyspace, [string] name, [short] n, n x ([string] name, type)
  kTuple = 0x0031,     // [short] n, n x type
};

// Nested types deeper than this are refused (an attacker's list<list<...>> would otherwise
// recurse without bound).
inline constexpr int kMaxTypeDepth = 16;

struct ColumnType {
  TypeId id = TypeId::kBlob;
  std::string name;                      // custom: class name; UDT: "keyspace.type"
  std::vector<ColumnType> params;        // list/set: 1, map: 2, tuple and UDT: one per field
  std::vector<std::string> field_names;  // UDT only

  static ColumnType of(TypeId id) { return ColumnType{id, {}, {}, {}}; }
  static ColumnType list_of(ColumnType element);
  static ColumnType set_of(ColumnType element);
  static ColumnType map_of(ColumnType key, ColumnType value);

  // CQL spelling: "text", "list<int>", "map<text, bigint>".
  std::string to_string() const;
};

// Reads one [option] describing a type, with everything nested in it.
Result<ColumnType> read_column_type(WireReader& reader, int depth = 0);

}  // namespace sluice::cql
