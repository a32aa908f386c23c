// WireWriter: appends the protocol's notations to a caller-owned std::string. Fixed-size writes
// cannot fail; variable-size ones return kInvalidArgument when the data does not fit its
// length prefix (a [string] over 65535 bytes, a [long string] over 2^31-1), and then leave the
// output as it was. Not thread-safe; the string must outlive the writer.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "cql/consistency.h"
#include "cql/wire_reader.h"

namespace sluice::cql {

class WireWriter {
 public:
  explicit WireWriter(std::string& out) : out_(out) {}

  void write_byte(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void write_short(uint16_t v);
  void write_int(int32_t v);
  void write_long(int64_t v);
  void write_uuid(const Uuid& u);
  void write_consistency(Consistency c) { write_short(static_cast<uint16_t>(c)); }
  void write_raw(std::string_view bytes) { out_.append(bytes); }

  Status write_string(std::string_view s);                // [string]
  Status write_long_string(std::string_view s);           // [long string]
  Status write_bytes(std::optional<std::string_view> b);  // [bytes]; nullopt writes null
  Status write_short_bytes(std::string_view b);           // [short bytes]
  Status write_value(const WireValue& v);                 // [value]
  Status write_string_list(const std::vector<std::string>& list);
  Status write_string_map(const std::map<std::string, std::string>& map);
  Status write_inet(const Inet& inet);

  // Overwrites 4 bytes at `at` (a length written before its content was known).
  void patch_int(size_t at, int32_t v);
  size_t size() const { return out_.size(); }

 private:
  std::string& out_;
};

}  // namespace sluice::cql
