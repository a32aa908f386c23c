// Serializing Values for bound markers and deserializing cells of a result (spec section 6).
// Decoding checks every length against the cell's bytes and the nesting depth against
// kMaxTypeDepth, so any input yields a Value or kCorruption, never a read out of bounds.
#pragma once

#include <optional>
#include <string_view>

#include "core/status.h"
#include "cql/column_type.h"
#include "cql/value.h"
#include "cql/wire_writer.h"

namespace sluice::cql {

// Writes `v` as a [value] in its own kind's serialization (for QUERY, where the server knows
// the markers' types and we do not). Null writes a null value.
Status encode_value(const Value& v, WireWriter& w);

// Writes `v` as a [value] of column type `type` (for EXECUTE and prepared BATCH entries),
// converting where nothing is lost: int -> bigint/smallint/tinyint (range-checked),
// bigint -> int (range-checked) or timestamp, double -> float, text -> ascii (checked),
// uuid -> timeuuid; a blob binds to any type as already-serialized bytes. Anything else is
// kInvalidArgument naming both types.
Status encode_value_as(const ColumnType& type, const Value& v, WireWriter& w);

// Decodes one cell; nullopt (a negative [bytes] length) is null. An empty cell of a
// fixed-size type is also null (the protocol's legacy "empty" values).
Result<Value> decode_value(const ColumnType& type, std::optional<std::string_view> bytes,
                           int depth = 0);

}  // namespace sluice::cql
