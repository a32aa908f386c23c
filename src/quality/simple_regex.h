// SimpleRegex: an exact fast path for the regexes data-quality rules typically use, a chain of
// ASCII character classes with counts, like ^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$.
//
// compile() accepts only: ^ at the start and $ at the end; literal characters and escaped
// punctuation; \d \w \s; `.`; [...] and [^...] classes of ASCII characters, ranges and those
// escapes; the counts ? * + {n} {n,} {n,m}. Anything else (groups, alternation, flags,
// non-ASCII, lazy counts) is declined, and the rule uses RE2 alone.
// full_match() decides membership exactly as RE2::FullMatch would for ASCII text of up to
// kMaxLength bytes and returns nullopt for other text, which the caller hands to RE2.
// Immutable after compile(); thread-safe; allocation-free.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace sluice {

class SimpleRegex {
 public:
  static constexpr size_t kMaxLength = 63;  // positions 0..63 fit one 64-bit set

  static std::optional<SimpleRegex> compile(std::string_view pattern);
  std::optional<bool> full_match(std::string_view text) const;

 private:
  struct Item {
    uint64_t set[2] = {0, 0};  // ASCII bytes accepted
    uint32_t min = 1;
    uint32_t max = 1;
    bool accepts(unsigned char c) const { return c < 128 && ((set[c >> 6] >> (c & 63)) & 1U); }
  };
  std::vector<Item> items_;
};

}  // namespace sluice
