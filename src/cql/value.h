// Value: one CQL value held in memory, either bound to a statement or decoded from a row.
// Natively: null, text (varchar/ascii), int, bigint, boolean, double, timestamp (ms since the
// epoch), uuid, blob, and list/set/map of those. Decoding maps the neighbours onto these kinds
// (counter -> bigint, smallint/tinyint -> int, float -> double, timeuuid -> uuid) and keeps
// every other type (varint, decimal, inet, date, time, duration, UDT, tuple, custom) as a blob
// of its serialized bytes. Accessors of the wrong kind return an empty or zero value rather
// than failing: check kind() first where it matters. A Value owns its bytes; thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "cql/wire_reader.h"

namespace sluice::cql {

enum class ValueKind : uint8_t {
  kNull,
  kText,
  kInt,
  kBigint,
  kBoolean,
  kDouble,
  kTimestamp,
  kUuid,
  kBlob,
  kList,
  kSet,
  kMap,
};

std::string_view value_kind_name(ValueKind k);

// "550e8400-e29b-41d4-a716-446655440000" <-> 16 bytes.
std::string uuid_to_string(const Uuid& u);
Result<Uuid> parse_uuid(std::string_view text);

class Value {
 public:
  Value() = default;  // null

  static Value null() { return {}; }
  static Value text(std::string s) { return Value(ValueKind::kText, std::move(s)); }
  static Value int32(int32_t v) { return Value(ValueKind::kInt, v); }
  static Value int64(int64_t v) { return Value(ValueKind::kBigint, v); }
  static Value boolean(bool v) { return Value(ValueKind::kBoolean, v ? 1 : 0); }
  static Value float64(double v);
  static Value timestamp(int64_t millis_since_epoch) {
    return Value(ValueKind::kTimestamp, millis_since_epoch);
  }
  static Value uuid(const Uuid& u);
  static Value blob(std::string bytes) { return Value(ValueKind::kBlob, std::move(bytes)); }
  static Value list(std::vector<Value> items) { return Value(ValueKind::kList, std::move(items)); }
  static Value set(std::vector<Value> items) { return Value(ValueKind::kSet, std::move(items)); }
  static Value map(std::vector<std::pair<Value, Value>> entries);

  ValueKind kind() const { return kind_; }
  bool is_null() const { return kind_ == ValueKind::kNull; }

  // text and blob: the bytes; uuid: the 16 raw bytes.
  const std::string& bytes() const { return bytes_; }
  int32_t as_int32() const { return static_cast<int32_t>(number_); }
  int64_t as_int64() const { return number_; }  // bigint, timestamp, and int widened
  bool as_bool() const { return number_ != 0; }
  double as_double() const { return real_; }
  Uuid as_uuid() const;
  // list/set: the elements; map: key, value, key, value, ...
  const std::vector<Value>& items() const { return items_; }
  size_t map_size() const { return items_.size() / 2; }
  const Value& map_key(size_t i) const { return items_[2 * i]; }
  const Value& map_value(size_t i) const { return items_[2 * i + 1]; }

  // For logs and tests: 'text', 42, true, ts:1764460800000, 0x00ff, [1, 2], {'k': 1}.
  std::string debug_string() const;

  friend bool operator==(const Value& a, const Value& b);

 private:
  Value(ValueKind k, std::string s) : kind_(k), bytes_(std::move(s)) {}
  Value(ValueKind k, int64_t n) : kind_(k), number_(n) {}
  Value(ValueKind k, std::vector<Value> items) : kind_(k), items_(std::move(items)) {}

  ValueKind kind_ = ValueKind::kNull;
  int64_t number_ = 0;
  double real_ = 0;
  std::string bytes_;
  std::vector<Value> items_;
};

}  // namespace sluice::cql
