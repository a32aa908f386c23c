// Small UTF-8 helpers for rules that count characters. Thread-safe, allocation-free.
#pragma once

#include <cstddef>
#include <string_view>

namespace sluice {

// Length in bytes of the well-formed UTF-8 sequence starting at text[pos] (1..4), or 0 when the
// bytes there are not one (a stray continuation byte, an overlong form, a surrogate, a code
// point above U+10FFFF, or a truncated sequence).
size_t utf8_sequence_length(std::string_view text, size_t pos);

// Number of Unicode code points. Each byte that does not start a well-formed sequence counts
// as one character, as a decoder substituting U+FFFD per bad byte would see it.
size_t count_code_points(std::string_view text);

}  // namespace sluice
