#include "cql/value.h"

#include <cstdio>
#include <string>

namespace sluice::cql {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string_view value_kind_name(ValueKind k) {
  switch (k) {
    case ValueKind::kNull:
      return "null";
    case ValueKind::kText:
      return "text";
    case ValueKind::kInt:
      return "int";
    case ValueKind::kBigint:
      return "bigint";
    case ValueKind::kBoolean:
      return "boolean";
    case ValueKind::kDouble:
      return "double";
    case ValueKind::kTimestamp:
      return "timestamp";
    case ValueKind::kUuid:
      return "uuid";
    case ValueKind::kBlob:
      return "blob";
    case ValueKind::kList:
      return "list";
    case ValueKind::kSet:
      return "set";
    case ValueKind::kMap:
      return "map";
  }
  return "unknown";
}

std::string uuid_to_string(const Uuid& u) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[u[i] >> 4];
    out += kHex[u[i] & 0xF];
  }
  return out;
}

Result<Uuid> parse_uuid(std::string_view text) {
  Uuid u{};
  size_t nibble = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    bool dash_place = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_place && text.size() == 36) {
      if (text[i] != '-') break;
      continue;
    }
    int d = hex_digit(text[i]);
    if (d < 0 || nibble >= 32) {
      nibble = 33;
      break;
    }
    u[nibble / 2] = static_cast<uint8_t>(u[nibble / 2] | (d << (nibble % 2 ? 0 : 4)));
    ++nibble;
  }
  if (nibble != 32 || (text.size() != 36 && text.size() != 32)) {
    return Status::invalid_argument("not a UUID: '" + std::string(text) + "'");
  }
  return u;
}

Value Value::float64(double v) {
  Value out(ValueKind::kDouble, int64_t{0});
  out.real_ = v;
  return out;
}

Value Value::uuid(const Uuid& u) {
  return Value(ValueKind::kUuid, std::string(reinterpret_cast<const char*>(u.data()), u.size()));
}

Value Value::map(std::vector<std::pair<Value, Value>> entries) {
  std::vector<Value> flat;
  flat.reserve(entries.size() * 2);
  for (auto& entry : entries) {
    flat.push_back(std::move(entry.first));
    flat.push_back(std::move(entry.second));
  }
  return Value(ValueKind::kMap, std::move(flat));
}

Uuid Value::as_uuid() const {
  Uuid u{};
  if (kind_ == ValueKind::kUuid && bytes_.size() == 16) {
    for (size_t i = 0; i < 16; ++i)
      u[i] = static_cast<uint8_t>(bytes_[i]);
  }
  return u;
}

std::string Value::debug_string() const {
  switch (kind_) {
    case ValueKind::kNull:
      return "null";
    case ValueKind::kText:
      return "'" + bytes_ + "'";
    case ValueKind::kInt:
    case ValueKind::kBigint:
      return std::to_string(number_);
    case ValueKind::kBoolean:
      return number_ ? "true" : "false";
    case ValueKind::kDouble: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", real_);
      return buf;
    }
    case ValueKind::kTimestamp:
      return "ts:" + std::to_string(number_);
    case ValueKind::kUuid:
      return uuid_to_string(as_uuid());
    case ValueKind::kBlob: {
      static constexpr char kHex[] = "0123456789abcdef";
      std::string out = "0x";
      for (unsigned char c : bytes_) {
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
      }
      return out;
    }
    case ValueKind::kList:
    case ValueKind::kSet:
    case ValueKind::kMap:
      break;
  }
  bool is_map = kind_ == ValueKind::kMap;
  std::string out = kind_ == ValueKind::kList ? "[" : "{";
  for (size_t i = 0; i < items_.size(); ++i) {
    if (i) out += is_map && i % 2 ? ": " : ", ";
    out += items_[i].debug_string();
  }
  out += kind_ == ValueKind::kList ? "]" : "}";
  return out;
}

bool operator==(const Value& a, const Value& b) {
  return a.kind_ == b.kind_ && a.number_ == b.number_ && a.real_ == b.real_ &&
         a.bytes_ == b.bytes_ && a.items_ == b.items_;
}

}  // namespace sluice::cql
