// write_json_escaped: the body of a JSON string, escaped as JSON requires: '"', '\\' and control
// characters (\n \r \t \b \f by name, the rest as \u00XX); every other byte is copied as is, so
// UTF-8 stays UTF-8. One escaper for everything we write as JSON (the mock API's responses, the
// quarantine reasons, the status endpoint), kept fast because the mock writes every byte of its
// pages through it.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace sluice {

namespace json_escape_detail {

// Whether any byte of `chunk` is below 0x20, '"' or '\\' (bytes of 0x80 and up never match).
inline bool needs_escape(uint64_t chunk) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  auto has_zero = [](uint64_t x) { return ((x - kOnes) & ~x & kHigh) != 0; };
  bool control = ((chunk - kOnes * 0x20) & ~chunk & kHigh) != 0;
  return control || has_zero(chunk ^ (kOnes * '"')) || has_zero(chunk ^ (kOnes * '\\'));
}

}  // namespace json_escape_detail

// Writes `text` escaped (without surrounding quotes) at `out`, which must have room for
// 6 * text.size() bytes (every byte as \u00XX at worst). Returns the end of what it wrote.
inline char* write_json_escaped(std::string_view text, char* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  const char* p = text.data();
  const char* end = p + text.size();
  // Eight bytes at a time while none of them needs escaping, which is nearly always.
  while (end - p >= 8) {
    uint64_t chunk;
    std::memcpy(&chunk, p, 8);
    if (json_escape_detail::needs_escape(chunk)) break;
    std::memcpy(out, p, 8);
    out += 8;
    p += 8;
  }
  for (; p != end; ++p) {
    char ch = *p;
    auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c != '"' && c != '\\') {
      *out++ = ch;
      continue;
    }
    *out++ = '\\';
    switch (c) {
      case '"':
      case '\\':
        *out++ = ch;
        break;
      case '\n':
        *out++ = 'n';
        break;
      case '\r':
        *out++ = 'r';
        break;
      case '\t':
        *out++ = 't';
        break;
      case '\b':
        *out++ = 'b';
        break;
      case '\f':
        *out++ = 'f';
        break;
      default:
        *out++ = 'u';
        *out++ = '0';
        *out++ = '0';
        *out++ = kHex[c >> 4];
        *out++ = kHex[c & 0xF];
    }
  }
  return out;
}

// Appends `text` as a JSON string literal (quotes included) to *out.
inline void append_json_string(std::string_view text, std::string* out) {
  const size_t start = out->size();
  out->resize(start + text.size() * 6 + 2);  // the worst case; trimmed below
  char* p = out->data() + start;
  *p++ = '"';
  p = write_json_escaped(text, p);
  *p++ = '"';
  out->resize(static_cast<size_t>(p - out->data()));
}

}  // namespace sluice
