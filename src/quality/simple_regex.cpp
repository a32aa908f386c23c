#include "quality/simple_regex.h"

#include <cstring>
#include <limits>

namespace sluice {
namespace {

constexpr uint32_t kUnbounded = std::numeric_limits<uint32_t>::max();

struct Set {
  uint64_t bits[2] = {0, 0};
  void add(unsigned char c) { bits[c >> 6] |= uint64_t{1} << (c & 63); }
  void add_range(unsigned char lo, unsigned char hi) {
    for (unsigned c = lo; c <= hi; ++c)
      add(static_cast<unsigned char>(c));
  }
};

bool is_meta(char c) {
  return std::strchr("\\^$.|?*+()[]{}", c) != nullptr;
}
bool is_punct(char c) {
  return (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) ||
         (c >= 0x7b && c <= 0x7e);
}

// \d \w \s (RE2's ASCII meanings) or escaped punctuation; false for anything else.
bool add_escape(char c, Set* set) {
  switch (c) {
    case 'd':
      set->add_range('0', '9');
      return true;
    case 'w':
      set->add_range('0', '9');
      set->add_range('A', 'Z');
      set->add_range('a', 'z');
      set->add('_');
      return true;
    case 's':
      for (char s : {'\t', '\n', '\f', '\r', ' '})
        set->add(static_cast<unsigned char>(s));
      return true;
    default:
      if (!is_punct(c)) return false;
      set->add(static_cast<unsigned char>(c));
      return true;
  }
}

// Parses a class body after '['; *i ends after ']'.
bool parse_class(std::string_view p, size_t* i, Set* out) {
  Set set;
  bool negate = *i < p.size() && p[*i] == '^';
  if (negate) ++*i;
  bool first = true;
  while (*i < p.size() && (p[*i] != ']' || first)) {
    first = false;
    char c = p[(*i)++];
    if (static_cast<unsigned char>(c) >= 128 || c == '[') return false;
    if (c == '\\') {
      if (*i >= p.size()) return false;
      const char escaped = p[(*i)++];
      if (escaped == 'd' || escaped == 'w' || escaped == 's') {
        add_escape(escaped, &set);
        continue;
      }
      if (!is_punct(escaped)) return false;
      // Escaped punctuation is that character, and like any other it can start a range: RE2
      // reads [\.-z] as '.' to 'z', not as '.', '-' and 'z'.
      c = escaped;
    }
    if (*i + 1 < p.size() && p[*i] == '-' && p[*i + 1] != ']') {
      char hi = p[*i + 1];
      if (hi == '\\' || static_cast<unsigned char>(hi) >= 128 || hi < c) return false;
      set.add_range(static_cast<unsigned char>(c), static_cast<unsigned char>(hi));
      *i += 2;
      continue;
    }
    set.add(static_cast<unsigned char>(c));
  }
  if (*i >= p.size()) return false;
  ++*i;  // ']'
  if (negate) {
    set.bits[0] = ~set.bits[0];
    set.bits[1] = ~set.bits[1];
  }
  *out = set;
  return true;
}

bool parse_number(std::string_view p, size_t* i, uint32_t* out) {
  size_t start = *i;
  // RE2 reads no count with a leading zero ({04}): its braces are then literal characters.
  if (start + 1 < p.size() && p[start] == '0' && p[start + 1] >= '0' && p[start + 1] <= '9') {
    return false;
  }
  uint64_t v = 0;
  while (*i < p.size() && p[*i] >= '0' && p[*i] <= '9' && v < 100000)
    v = v * 10 + (p[(*i)++] - '0');
  *out = static_cast<uint32_t>(v);
  return *i > start && v < 100000;
}

// Parses ? * + {n} {n,} {n,m} after an atom; a count followed by '?' or '+' is declined.
bool parse_count(std::string_view p, size_t* i, uint32_t* min, uint32_t* max) {
  *min = *max = 1;
  if (*i >= p.size()) return true;
  char c = p[*i];
  if (c == '?' || c == '*' || c == '+') {
    *min = c == '+' ? 1 : 0;
    *max = c == '?' ? 1 : kUnbounded;
    ++*i;
  } else if (c == '{') {
    ++*i;
    if (!parse_number(p, i, min)) return false;
    *max = *min;
    if (*i < p.size() && p[*i] == ',') {
      ++*i;
      *max = kUnbounded;
      if (*i < p.size() && p[*i] != '}' && !parse_number(p, i, max)) return false;
    }
    if (*i >= p.size() || p[*i] != '}' || *max < *min) return false;
    ++*i;
  } else {
    return true;
  }
  return *i >= p.size() || (p[*i] != '?' && p[*i] != '+' && p[*i] != '*' && p[*i] != '{');
}

}  // namespace

std::optional<SimpleRegex> SimpleRegex::compile(std::string_view p) {
  if (!p.empty() && p.front() == '^') p.remove_prefix(1);
  if (!p.empty() && p.back() == '$' && (p.size() < 2 || p[p.size() - 2] != '\\')) {
    p.remove_suffix(1);
  }
  SimpleRegex re;
  size_t i = 0;
  while (i < p.size()) {
    char c = p[i++];
    if (static_cast<unsigned char>(c) >= 128) return std::nullopt;
    Set set;
    if (c == '\\') {
      if (i >= p.size() || !add_escape(p[i++], &set)) return std::nullopt;
    } else if (c == '[') {
      if (!parse_class(p, &i, &set)) return std::nullopt;
    } else if (c == '.') {
      set.add_range(0, 127);
      set.bits[0] &= ~(uint64_t{1} << '\n');  // RE2's `.` does not match a newline
    } else if (is_meta(c)) {
      return std::nullopt;
    } else {
      set.add(static_cast<unsigned char>(c));
    }
    Item item;
    item.set[0] = set.bits[0];
    item.set[1] = set.bits[1];
    if (!parse_count(p, &i, &item.min, &item.max)) return std::nullopt;
    re.items_.push_back(item);
  }
  return re;
}

std::optional<bool> SimpleRegex::full_match(std::string_view text) const {
  size_t n = text.size();
  if (n > kMaxLength) return std::nullopt;
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 128) return std::nullopt;
  }
  // reach: the set of text positions where the items so far can end.
  uint64_t reach = 1;
  for (const Item& item : items_) {
    uint64_t next = 0;
    for (uint64_t r = reach; r != 0; r &= r - 1) {
      size_t p = static_cast<size_t>(__builtin_ctzll(r));
      size_t k = 0;
      while (k < item.max && p + k < n && item.accepts(static_cast<unsigned char>(text[p + k]))) {
        ++k;
      }
      if (k < item.min) continue;
      // positions p+min .. p+k
      uint64_t upto = (k + p + 1 >= 64) ? ~uint64_t{0} : ((uint64_t{1} << (p + k + 1)) - 1);
      next |= upto & ~((uint64_t{1} << (p + item.min)) - 1);
    }
    reach = next;
    if (reach == 0) return false;
  }
  return ((reach >> n) & 1U) != 0;
}

}  // namespace sluice
