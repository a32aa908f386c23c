#include "cql/value_codec.h"

#include <bit>
#include <cstring>
#include <limits>
#include <string>

#include "cql/byte_order.h"
#include "cql/frame_format.h"

namespace sluice::cql {
namespace {

Status mismatch(const ColumnType& type, const Value& v) {
  return Status::invalid_argument("cannot bind a " + std::string(value_kind_name(v.kind())) +
                                  " value to a " + type.to_string() + " marker");
}

Status out_of_range(const ColumnType& type, int64_t n) {
  return Status::invalid_argument(std::to_string(n) + " is out of range for " + type.to_string());
}

// Writes `body` between a 4-byte length written first and patched after.
template <typename Fn>
Status with_length(WireWriter& w, Fn&& body) {
  size_t at = w.size();
  w.write_int(0);
  SLUICE_RETURN_IF_ERROR(body());
  size_t n = w.size() - at - 4;
  if (n > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    return Status::invalid_argument("value of " + std::to_string(n) + " bytes is too large");
  }
  w.patch_int(at, static_cast<int32_t>(n));
  return Status::ok_status();
}

void write_double(WireWriter& w, double d) {
  w.write_long(std::bit_cast<int64_t>(d));
}

// The serialized form of `v` by its own kind (no length prefix).
Status serialize_natural(const Value& v, WireWriter& w) {
  switch (v.kind()) {
    case ValueKind::kNull:
      return Status::invalid_argument("null inside a collection");
    case ValueKind::kText:
    case ValueKind::kBlob:
    case ValueKind::kUuid:
      w.write_raw(v.bytes());
      return Status::ok_status();
    case ValueKind::kInt:
      w.write_int(v.as_int32());
      return Status::ok_status();
    case ValueKind::kBigint:
    case ValueKind::kTimestamp:
      w.write_long(v.as_int64());
      return Status::ok_status();
    case ValueKind::kBoolean:
      w.write_byte(v.as_bool() ? 1 : 0);
      return Status::ok_status();
    case ValueKind::kDouble:
      write_double(w, v.as_double());
      return Status::ok_status();
    case ValueKind::kList:
    case ValueKind::kSet:
    case ValueKind::kMap:
      break;
  }
  size_t n = v.kind() == ValueKind::kMap ? v.map_size() : v.items().size();
  w.write_int(static_cast<int32_t>(n));
  for (const Value& item : v.items()) {
    SLUICE_RETURN_IF_ERROR(with_length(w, [&] { return serialize_natural(item, w); }));
  }
  return Status::ok_status();
}

Status serialize_as(const ColumnType& t, const Value& v, WireWriter& w, int depth);

Status serialize_collection_as(const ColumnType& t, const Value& v, WireWriter& w, int depth) {
  bool want_map = t.id == TypeId::kMap;
  bool is_map = v.kind() == ValueKind::kMap;
  bool is_seq = v.kind() == ValueKind::kList || v.kind() == ValueKind::kSet;
  if (want_map ? !is_map : !is_seq) return mismatch(t, v);
  if (t.params.size() != (want_map ? 2u : 1u)) {
    return Status::invalid_argument("collection type " + t.to_string() + " is incomplete");
  }
  w.write_int(static_cast<int32_t>(want_map ? v.map_size() : v.items().size()));
  for (size_t i = 0; i < v.items().size(); ++i) {
    const ColumnType& et = want_map ? t.params[i % 2] : t.params[0];
    SLUICE_RETURN_IF_ERROR(
        with_length(w, [&] { return serialize_as(et, v.items()[i], w, depth + 1); }));
  }
  return Status::ok_status();
}

Status serialize_integer_as(const ColumnType& t, const Value& v, WireWriter& w) {
  if (v.kind() != ValueKind::kInt && v.kind() != ValueKind::kBigint) return mismatch(t, v);
  int64_t n = v.as_int64();
  switch (t.id) {
    case TypeId::kInt:
      if (n < INT32_MIN || n > INT32_MAX) return out_of_range(t, n);
      w.write_int(static_cast<int32_t>(n));
      return Status::ok_status();
    case TypeId::kSmallint:
      if (n < INT16_MIN || n > INT16_MAX) return out_of_range(t, n);
      w.write_short(static_cast<uint16_t>(n));
      return Status::ok_status();
    case TypeId::kTinyint:
      if (n < INT8_MIN || n > INT8_MAX) return out_of_range(t, n);
      w.write_byte(static_cast<uint8_t>(n));
      return Status::ok_status();
    default:  // bigint, counter
      w.write_long(n);
      return Status::ok_status();
  }
}

Status serialize_as(const ColumnType& t, const Value& v, WireWriter& w, int depth) {
  if (depth >= kMaxTypeDepth) return Status::invalid_argument("value nested too deep");
  if (v.kind() == ValueKind::kBlob) {  // already serialized by the caller, or a real blob
    w.write_raw(v.bytes());
    return Status::ok_status();
  }
  switch (t.id) {
    case TypeId::kVarchar:
    case TypeId::kAscii:
      if (v.kind() != ValueKind::kText) return mismatch(t, v);
      if (t.id == TypeId::kAscii) {
        for (unsigned char c : v.bytes()) {
          if (c > 0x7F) return Status::invalid_argument("text is not ASCII for an ascii marker");
        }
      }
      w.write_raw(v.bytes());
      return Status::ok_status();
    case TypeId::kInt:
    case TypeId::kBigint:
    case TypeId::kCounter:
    case TypeId::kSmallint:
    case TypeId::kTinyint:
      return serialize_integer_as(t, v, w);
    case TypeId::kBoolean:
      if (v.kind() != ValueKind::kBoolean) return mismatch(t, v);
      w.write_byte(v.as_bool() ? 1 : 0);
      return Status::ok_status();
    case TypeId::kDouble:
      if (v.kind() != ValueKind::kDouble) return mismatch(t, v);
      write_double(w, v.as_double());
      return Status::ok_status();
    case TypeId::kFloat:
      if (v.kind() != ValueKind::kDouble) return mismatch(t, v);
      w.write_int(std::bit_cast<int32_t>(static_cast<float>(v.as_double())));
      return Status::ok_status();
    case TypeId::kTimestamp:
      if (v.kind() != ValueKind::kTimestamp && v.kind() != ValueKind::kBigint) {
        return mismatch(t, v);
      }
      w.write_long(v.as_int64());
      return Status::ok_status();
    case TypeId::kUuid:
    case TypeId::kTimeuuid:
      if (v.kind() != ValueKind::kUuid) return mismatch(t, v);
      w.write_raw(v.bytes());
      return Status::ok_status();
    case TypeId::kList:
    case TypeId::kSet:
    case TypeId::kMap:
      return serialize_collection_as(t, v, w, depth);
    default:
      return mismatch(t, v);
  }
}

Status bad_size(const ColumnType& t, size_t size) {
  return Status::corruption(t.to_string() + " cell of " + std::to_string(size) + " bytes");
}

Result<Value> decode_collection(const ColumnType& t, std::string_view bytes, int depth) {
  bool is_map = t.id == TypeId::kMap;
  if (t.params.size() != (is_map ? 2u : 1u)) {
    return Status::corruption("collection type " + t.to_string() + " is incomplete");
  }
  WireReader r(bytes);
  SLUICE_ASSIGN_OR_RETURN(int32_t n, r.read_int());
  size_t per_item = is_map ? 8 : 4;  // each element is at least a 4-byte length
  if (n < 0 || static_cast<size_t>(n) > r.remaining() / per_item) {
    return Status::corruption(t.to_string() + " cell claims " + std::to_string(n) +
                              " elements in " + std::to_string(bytes.size()) + " bytes");
  }
  size_t total = static_cast<size_t>(n) * (is_map ? 2 : 1);
  std::vector<Value> items;
  items.reserve(total);
  for (size_t i = 0; i < total; ++i) {
    SLUICE_ASSIGN_OR_RETURN(auto cell, r.read_bytes());
    const ColumnType& et = is_map ? t.params[i % 2] : t.params[0];
    SLUICE_ASSIGN_OR_RETURN(Value item, decode_value(et, cell, depth + 1));
    items.push_back(std::move(item));
  }
  if (!r.at_end()) return Status::corruption(t.to_string() + " cell has trailing bytes");
  if (t.id == TypeId::kList) return Value::list(std::move(items));
  if (t.id == TypeId::kSet) return Value::set(std::move(items));
  std::vector<std::pair<Value, Value>> entries;
  entries.reserve(items.size() / 2);
  for (size_t i = 0; i + 1 < items.size(); i += 2) {
    entries.emplace_back(std::move(items[i]), std::move(items[i + 1]));
  }
  return Value::map(std::move(entries));
}

}  // namespace

Status encode_value(const Value& v, WireWriter& w) {
  if (v.is_null()) {
    w.write_int(kValueNull);
    return Status::ok_status();
  }
  return with_length(w, [&] { return serialize_natural(v, w); });
}

Status encode_value_as(const ColumnType& type, const Value& v, WireWriter& w) {
  if (v.is_null()) {
    w.write_int(kValueNull);
    return Status::ok_status();
  }
  return with_length(w, [&] { return serialize_as(type, v, w, 0); });
}

Result<Value> decode_value(const ColumnType& t, std::optional<std::string_view> bytes, int depth) {
  if (depth >= kMaxTypeDepth) return Status::corruption("value nested too deep");
  if (!bytes) return Value::null();
  std::string_view b = *bytes;
  auto fixed = [&](size_t size) -> Status {
    return b.size() == size ? Status::ok_status() : bad_size(t, b.size());
  };
  switch (t.id) {
    case TypeId::kAscii:
    case TypeId::kVarchar:
      return Value::text(std::string(b));
    case TypeId::kList:
    case TypeId::kSet:
    case TypeId::kMap:
      return decode_collection(t, b, depth);
    case TypeId::kInt:
    case TypeId::kBigint:
    case TypeId::kCounter:
    case TypeId::kSmallint:
    case TypeId::kTinyint:
    case TypeId::kBoolean:
    case TypeId::kDouble:
    case TypeId::kFloat:
    case TypeId::kTimestamp:
    case TypeId::kUuid:
    case TypeId::kTimeuuid:
      if (b.empty()) return Value::null();
      break;
    default:
      return Value::blob(std::string(b));
  }
  const char* p = b.data();
  switch (t.id) {
    case TypeId::kInt:
      SLUICE_RETURN_IF_ERROR(fixed(4));
      return Value::int32(static_cast<int32_t>(load_be32(p)));
    case TypeId::kSmallint:
      SLUICE_RETURN_IF_ERROR(fixed(2));
      return Value::int32(static_cast<int16_t>(load_be16(p)));
    case TypeId::kTinyint:
      SLUICE_RETURN_IF_ERROR(fixed(1));
      return Value::int32(static_cast<int8_t>(p[0]));
    case TypeId::kBigint:
    case TypeId::kCounter:
      SLUICE_RETURN_IF_ERROR(fixed(8));
      return Value::int64(static_cast<int64_t>(load_be64(p)));
    case TypeId::kBoolean:
      SLUICE_RETURN_IF_ERROR(fixed(1));
      return Value::boolean(p[0] != 0);
    case TypeId::kDouble:
      SLUICE_RETURN_IF_ERROR(fixed(8));
      return Value::float64(std::bit_cast<double>(load_be64(p)));
    case TypeId::kFloat:
      SLUICE_RETURN_IF_ERROR(fixed(4));
      return Value::float64(std::bit_cast<float>(load_be32(p)));
    case TypeId::kTimestamp:
      SLUICE_RETURN_IF_ERROR(fixed(8));
      return Value::timestamp(static_cast<int64_t>(load_be64(p)));
    default: {  // uuid, timeuuid
      SLUICE_RETURN_IF_ERROR(fixed(16));
      Uuid u;
      std::memcpy(u.data(), p, 16);
      return Value::uuid(u);
    }
  }
}

}  // namespace sluice::cql
