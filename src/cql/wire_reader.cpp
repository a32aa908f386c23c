#include "cql/wire_reader.h"

#include <arpa/inet.h>

#include <string>

#include "cql/byte_order.h"

namespace sluice::cql {

std::string Inet::to_string() const {
  char text[INET6_ADDRSTRLEN] = {};
  if (address.size() == 4) {
    inet_ntop(AF_INET, address.data(), text, sizeof text);
    return std::string(text) + ":" + std::to_string(port);
  }
  if (address.size() == 16) {
    inet_ntop(AF_INET6, address.data(), text, sizeof text);
    return "[" + std::string(text) + "]:" + std::to_string(port);
  }
  return "?:" + std::to_string(port);
}

Status WireReader::truncated(std::string_view what, size_t need) const {
  return Status::corruption(std::string(what) + " at byte " + std::to_string(pos_) + " needs " +
                            std::to_string(need) + " bytes, " + std::to_string(remaining()) +
                            " left");
}

Result<std::string_view> WireReader::read_raw(size_t n, std::string_view what) {
  if (n > remaining()) return truncated(what, n);
  std::string_view out = bytes_.substr(pos_, n);
  pos_ += n;
  return out;
}

Result<uint8_t> WireReader::read_byte() {
  if (remaining() < 1) return truncated("[byte]", 1);
  return static_cast<uint8_t>(bytes_[pos_++]);
}

Result<uint16_t> WireReader::read_short() {
  if (remaining() < 2) return truncated("[short]", 2);
  uint16_t v = load_be16(bytes_.data() + pos_);
  pos_ += 2;
  return v;
}

Result<int32_t> WireReader::read_int() {
  if (remaining() < 4) return truncated("[int]", 4);
  auto v = static_cast<int32_t>(load_be32(bytes_.data() + pos_));
  pos_ += 4;
  return v;
}

Result<int64_t> WireReader::read_long() {
  if (remaining() < 8) return truncated("[long]", 8);
  auto v = static_cast<int64_t>(load_be64(bytes_.data() + pos_));
  pos_ += 8;
  return v;
}

Result<Uuid> WireReader::read_uuid() {
  if (remaining() < 16) return truncated("[uuid]", 16);
  Uuid u;
  for (size_t i = 0; i < 16; ++i)
    u[i] = static_cast<uint8_t>(bytes_[pos_ + i]);
  pos_ += 16;
  return u;
}

Result<std::string_view> WireReader::read_sized(size_t start, size_t n, std::string_view what) {
  if (n > remaining()) {
    Status s = truncated(what, n);
    pos_ = start;
    return s;
  }
  return read_raw(n);
}

Result<std::string_view> WireReader::read_string() {
  size_t start = pos_;
  SLUICE_ASSIGN_OR_RETURN(uint16_t n, read_short());
  return read_sized(start, n, "[string]");
}

Result<std::string_view> WireReader::read_short_bytes() {
  size_t start = pos_;
  SLUICE_ASSIGN_OR_RETURN(uint16_t n, read_short());
  return read_sized(start, n, "[short bytes]");
}

Result<std::string_view> WireReader::read_long_string() {
  size_t start = pos_;
  SLUICE_ASSIGN_OR_RETURN(int32_t n, read_int());
  if (n < 0) {
    pos_ = start;
    return Status::corruption("[long string] at byte " + std::to_string(start) +
                              " has negative length " + std::to_string(n));
  }
  return read_sized(start, static_cast<size_t>(n), "[long string]");
}

Result<std::optional<std::string_view>> WireReader::read_bytes() {
  size_t start = pos_;
  SLUICE_ASSIGN_OR_RETURN(int32_t n, read_int());
  if (n < 0) return std::optional<std::string_view>();
  SLUICE_ASSIGN_OR_RETURN(std::string_view v, read_sized(start, static_cast<size_t>(n), "[bytes]"));
  return std::optional<std::string_view>(v);
}

Result<WireValue> WireReader::read_value() {
  size_t start = pos_;
  SLUICE_ASSIGN_OR_RETURN(int32_t n, read_int());
  WireValue v;
  if (n == -1) return v;
  if (n == -2) {
    v.state = WireValue::State::kNotSet;
    return v;
  }
  if (n < 0) {
    pos_ = start;
    return Status::corruption("[value] at byte " + std::to_string(start) + " has invalid length " +
                              std::to_string(n));
  }
  SLUICE_ASSIGN_OR_RETURN(v.bytes, read_sized(start, static_cast<size_t>(n), "[value]"));
  v.state = WireValue::State::kSet;
  return v;
}

// Collections restore the position on failure so that a caller sees all-or-nothing reads.
Result<std::vector<std::string>> WireReader::read_string_list() {
  size_t start = pos_;
  auto n = read_short();
  if (!n.ok()) return n.status();
  std::vector<std::string> out;
  // Each element takes at least 2 bytes: a count larger than that cannot be honest.
  if (*n > remaining() / 2) {
    Status s = truncated("[string list]", size_t{*n} * 2);
    pos_ = start;
    return s;
  }
  out.reserve(*n);
  for (uint16_t i = 0; i < *n; ++i) {
    auto s = read_string();
    if (!s.ok()) {
      pos_ = start;
      return s.status();
    }
    out.emplace_back(*s);
  }
  return out;
}

// [short] n, then n pairs of a [string] key and a value read by `read_value`, which returns
// Result<V>. All or nothing: the position is restored on failure.
template <typename V, typename ReadValue>
Result<std::map<std::string, V>> WireReader::read_keyed(ReadValue read_value) {
  size_t start = pos_;
  auto n = read_short();
  if (!n.ok()) return n.status();
  std::map<std::string, V> out;
  for (uint16_t i = 0; i < *n; ++i) {
    auto k = read_string();
    Result<V> v = k.ok() ? read_value() : Result<V>(k.status());
    if (!v.ok()) {
      pos_ = start;
      return v.status();
    }
    out[std::string(*k)] = std::move(v).value();
  }
  return out;
}

Result<std::map<std::string, std::string>> WireReader::read_string_map() {
  return read_keyed<std::string>([this]() -> Result<std::string> {
    SLUICE_ASSIGN_OR_RETURN(std::string_view v, read_string());
    return std::string(v);
  });
}

Result<std::map<std::string, std::vector<std::string>>> WireReader::read_string_multimap() {
  return read_keyed<std::vector<std::string>>([this] { return read_string_list(); });
}

Result<std::map<std::string, std::optional<std::string>>> WireReader::read_bytes_map() {
  return read_keyed<std::optional<std::string>>([this]() -> Result<std::optional<std::string>> {
    SLUICE_ASSIGN_OR_RETURN(auto v, read_bytes());
    if (!v) return std::optional<std::string>();
    return std::optional<std::string>(std::string(*v));
  });
}

Result<Consistency> WireReader::read_consistency() {
  size_t start = pos_;
  SLUICE_ASSIGN_OR_RETURN(uint16_t v, read_short());
  if (v > kMaxConsistency) {
    pos_ = start;
    return Status::corruption("[consistency] at byte " + std::to_string(start) +
                              " has unknown value " + std::to_string(v));
  }
  return static_cast<Consistency>(v);
}

Result<Inet> WireReader::read_inet() {
  size_t start = pos_;
  SLUICE_ASSIGN_OR_RETURN(uint8_t size, read_byte());
  if (size != 4 && size != 16) {
    pos_ = start;
    return Status::corruption("[inet] at byte " + std::to_string(start) + " has address size " +
                              std::to_string(size) + " (4 or 16 expected)");
  }
  Inet inet;
  auto addr = read_raw(size, "[inet]");
  auto port = addr.ok() ? read_int() : Result<int32_t>(addr.status());
  if (!port.ok()) {
    pos_ = start;
    return port.status();
  }
  inet.address = std::string(*addr);
  inet.port = *port;
  return inet;
}

}  // namespace sluice::cql
