// WireReader: bounds-checked reads of the protocol's notations ([int], [string], [bytes], ...)
// from a borrowed byte range. Every read either returns the value and advances, or returns
// kCorruption naming the notation and the offset, and leaves the position unchanged; nothing
// reads past the end, whatever the input. Lengths from the wire are checked against what is
// left before anything is allocated. Not thread-safe; the bytes must outlive the reader and
// every string_view it hands out.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "cql/consistency.h"

namespace sluice::cql {

// [inet]: 4 or 16 address bytes and a port.
struct Inet {
  std::string address;  // raw bytes, 4 (IPv4) or 16 (IPv6)
  int32_t port = 0;
  std::string to_string() const;  // "127.0.0.1:9042", "[::1]:9042"
};

// A [value]: bytes, null (-1) or not set (-2).
struct WireValue {
  enum class State { kSet, kNull, kNotSet };
  State state = State::kNull;
  std::string_view bytes;  // valid when kSet
};

using Uuid = std::array<uint8_t, 16>;

class WireReader {
 public:
  explicit WireReader(std::string_view bytes) : bytes_(bytes) {}

  size_t position() const { return pos_; }
  size_t remaining() const { return bytes_.size() - pos_; }
  bool at_end() const { return pos_ == bytes_.size(); }
  std::string_view rest() const { return bytes_.substr(pos_); }

  Result<uint8_t> read_byte();
  Result<uint16_t> read_short();  // [short] is unsigned
  Result<int32_t> read_int();
  Result<int64_t> read_long();
  Result<Uuid> read_uuid();
  Result<std::string_view> read_raw(size_t n, std::string_view what = "bytes");

  Result<std::string_view> read_string();                // [string]
  Result<std::string_view> read_long_string();           // [long string]
  Result<std::optional<std::string_view>> read_bytes();  // [bytes]; nullopt when null
  Result<std::string_view> read_short_bytes();           // [short bytes]
  Result<WireValue> read_value();                        // [value]
  Result<std::vector<std::string>> read_string_list();
  Result<std::map<std::string, std::string>> read_string_map();
  Result<std::map<std::string, std::vector<std::string>>> read_string_multimap();
  Result<std::map<std::string, std::optional<std::string>>> read_bytes_map();
  Result<Consistency> read_consistency();
  Result<Inet> read_inet();

 private:
  Status truncated(std::string_view what, size_t need) const;
  // The next n bytes, or (position back at `start`) a truncation error naming `what`.
  Result<std::string_view> read_sized(size_t start, size_t n, std::string_view what);
  template <typename V, typename ReadValue>
  Result<std::map<std::string, V>> read_keyed(ReadValue read_value);

  std::string_view bytes_;
  size_t pos_ = 0;
};

}  // namespace sluice::cql
