#include "cql/wire_writer.h"

#include <limits>
#include <string>

#include "cql/byte_order.h"

namespace sluice::cql {
namespace {

constexpr size_t kMaxShortLength = std::numeric_limits<uint16_t>::max();
constexpr size_t kMaxIntLength = std::numeric_limits<int32_t>::max();

Status too_long(std::string_view what, size_t size, size_t max) {
  return Status::invalid_argument(std::string(what) + " of " + std::to_string(size) +
                                  " bytes is over its limit of " + std::to_string(max));
}

}  // namespace

void WireWriter::write_short(uint16_t v) {
  char b[2];
  store_be16(b, v);
  out_.append(b, 2);
}

void WireWriter::write_int(int32_t v) {
  char b[4];
  store_be32(b, static_cast<uint32_t>(v));
  out_.append(b, 4);
}

void WireWriter::write_long(int64_t v) {
  char b[8];
  store_be64(b, static_cast<uint64_t>(v));
  out_.append(b, 8);
}

void WireWriter::write_uuid(const Uuid& u) {
  out_.append(reinterpret_cast<const char*>(u.data()), u.size());
}

void WireWriter::patch_int(size_t at, int32_t v) {
  store_be32(out_.data() + at, static_cast<uint32_t>(v));
}

Status WireWriter::write_string(std::string_view s) {
  if (s.size() > kMaxShortLength) return too_long("[string]", s.size(), kMaxShortLength);
  write_short(static_cast<uint16_t>(s.size()));
  out_.append(s);
  return Status::ok_status();
}

Status WireWriter::write_long_string(std::string_view s) {
  if (s.size() > kMaxIntLength) return too_long("[long string]", s.size(), kMaxIntLength);
  write_int(static_cast<int32_t>(s.size()));
  out_.append(s);
  return Status::ok_status();
}

Status WireWriter::write_bytes(std::optional<std::string_view> b) {
  if (!b) {
    write_int(-1);
    return Status::ok_status();
  }
  if (b->size() > kMaxIntLength) return too_long("[bytes]", b->size(), kMaxIntLength);
  write_int(static_cast<int32_t>(b->size()));
  out_.append(*b);
  return Status::ok_status();
}

Status WireWriter::write_short_bytes(std::string_view b) {
  if (b.size() > kMaxShortLength) return too_long("[short bytes]", b.size(), kMaxShortLength);
  write_short(static_cast<uint16_t>(b.size()));
  out_.append(b);
  return Status::ok_status();
}

Status WireWriter::write_value(const WireValue& v) {
  switch (v.state) {
    case WireValue::State::kNull:
      write_int(-1);
      return Status::ok_status();
    case WireValue::State::kNotSet:
      write_int(-2);
      return Status::ok_status();
    case WireValue::State::kSet:
      break;
  }
  return write_bytes(v.bytes);
}

Status WireWriter::write_string_list(const std::vector<std::string>& list) {
  if (list.size() > kMaxShortLength) return too_long("[string list]", list.size(), kMaxShortLength);
  size_t start = out_.size();
  write_short(static_cast<uint16_t>(list.size()));
  for (const auto& s : list) {
    Status st = write_string(s);
    if (!st.ok()) {
      out_.resize(start);
      return st;
    }
  }
  return Status::ok_status();
}

Status WireWriter::write_string_map(const std::map<std::string, std::string>& map) {
  if (map.size() > kMaxShortLength) return too_long("[string map]", map.size(), kMaxShortLength);
  size_t start = out_.size();
  write_short(static_cast<uint16_t>(map.size()));
  for (const auto& [k, v] : map) {
    Status st = write_string(k);
    if (st.ok()) st = write_string(v);
    if (!st.ok()) {
      out_.resize(start);
      return st;
    }
  }
  return Status::ok_status();
}

Status WireWriter::write_inet(const Inet& inet) {
  if (inet.address.size() != 4 && inet.address.size() != 16) {
    return Status::invalid_argument("[inet] address must be 4 or 16 bytes, got " +
                                    std::to_string(inet.address.size()));
  }
  write_byte(static_cast<uint8_t>(inet.address.size()));
  out_.append(inet.address);
  write_int(inet.port);
  return Status::ok_status();
}

}  // namespace sluice::cql
