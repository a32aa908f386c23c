#include "quality/describe.h"

#include <fmt/format.h>

#include "core/json_escape.h"
#include "quality/utf8.h"

namespace sluice {
namespace {

void append_escaped_byte(unsigned char c, std::string* out) {
  switch (c) {
    case '"':
      *out += "\\\"";
      return;
    case '\\':
      *out += "\\\\";
      return;
    case '\n':
      *out += "\\n";
      return;
    case '\r':
      *out += "\\r";
      return;
    case '\t':
      *out += "\\t";
      return;
    default:
      break;
  }
  if (c < 0x20 || c == 0x7f || c >= 0x80) {
    *out += fmt::format("\\x{:02x}", c);
  } else {
    out->push_back(static_cast<char>(c));
  }
}

}  // namespace

std::string quote_value(std::string_view value) {
  std::string out = "\"";
  size_t pos = 0;
  size_t shown = 0;
  while (pos < value.size() && shown < kMaxShownChars) {
    size_t len = utf8_sequence_length(value, pos);
    if (len > 1) {
      out.append(value.substr(pos, len));  // a valid multi-byte code point, kept as is
    } else {
      append_escaped_byte(static_cast<unsigned char>(value[pos]), &out);
      len = 1;
    }
    pos += len;
    ++shown;
  }
  out += '"';
  if (pos < value.size()) out += fmt::format("... ({} bytes)", value.size());
  return out;
}

std::string describe_field(const Record& record, size_t i) {
  if (record.is_null(i)) return std::string(json_kind_name(record.source_kind(i)));
  if (record.has_text(i)) return quote_value(record.text(i));
  return record.to_text(i);
}

void append_problem(std::string* message, std::string_view problem) {
  if (!message->empty()) *message += "; ";
  *message += problem;
}

}  // namespace sluice
