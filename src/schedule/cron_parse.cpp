// CronExpr::parse: fields, lists, ranges, steps and names, with errors that name the field.
#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "schedule/cron_expr.h"

namespace sluice {
namespace {

struct FieldSpec {
  std::string_view name;
  int min;
  int max;
  std::vector<std::string_view> names;  // names[i] spells min + i
  std::string expected() const {
    if (names.empty()) return fmt::format("{}-{}", min, max);
    return fmt::format("{}-{} or {}-{}", min, max, names.front(), names.back());
  }
};

const std::array<FieldSpec, 5>& field_specs() {
  static const std::array<FieldSpec, 5> kFields = {{
      {"minute", 0, 59, {}},
      {"hour", 0, 23, {}},
      {"day-of-month", 1, 31, {}},
      {"month",
       1,
       12,
       {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
      {"day-of-week", 0, 7, {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}},
  }};
  return kFields;
}

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t at = text.find(sep, start);
    parts.push_back(text.substr(start, at == std::string_view::npos ? at : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

std::vector<std::string_view> split_spaces(std::string_view text) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
      ++i;
    const size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t')
      ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

std::optional<int> parse_number(std::string_view s) {
  if (s.empty() || s.size() > 4) return std::nullopt;
  int value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

bool same_letters(std::string_view a, std::string_view upper) {
  if (a.size() != upper.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const char c = (a[i] >= 'a' && a[i] <= 'z') ? static_cast<char>(a[i] - 'a' + 'A') : a[i];
    if (c != upper[i]) return false;
  }
  return true;
}

// One field of an expression, into a bit mask of the values it allows.
class FieldParser {
 public:
  FieldParser(const FieldSpec& spec, std::string_view field) : spec_(spec), field_(field) {}

  Result<uint64_t> parse() {
    uint64_t bits = 0;
    for (std::string_view item : split(field_, ',')) {
      Result<uint64_t> one = parse_item(item);
      if (!one.ok()) return one.status();
      bits |= *one;
    }
    return bits;
  }

 private:
  Status error(std::string_view item, std::string_view what) const {
    return Status::invalid_argument(
        fmt::format("{} field '{}': {}", spec_.name, item.empty() ? field_ : item, what));
  }

  std::optional<int> value(std::string_view s) const {
    if (auto n = parse_number(s); n && *n >= spec_.min && *n <= spec_.max) return n;
    for (size_t i = 0; i < spec_.names.size(); ++i) {
      if (same_letters(s, spec_.names[i])) return spec_.min + static_cast<int>(i);
    }
    return std::nullopt;
  }

  Result<uint64_t> parse_item(std::string_view item) {
    if (item.empty()) return error(item, "empty list item");
    const std::vector<std::string_view> slash = split(item, '/');
    if (slash.size() > 2) return error(item, "more than one '/'");
    int step = 1;
    if (slash.size() == 2) {
      const auto s = parse_number(slash[1]);
      if (!s || *s < 1 || *s > spec_.max - spec_.min + 1) {
        return error(item, fmt::format("step must be 1-{}", spec_.max - spec_.min + 1));
      }
      step = *s;
    }
    int low = spec_.min;
    int high = spec_.max;
    if (slash[0] != "*") {
      const std::vector<std::string_view> dash = split(slash[0], '-');
      if (dash.size() > 2) return error(item, "more than one '-'");
      const auto first = value(dash[0]);
      if (!first) return error(dash.size() == 1 ? item : dash[0], "expected " + spec_.expected());
      low = *first;
      high = slash.size() == 2 ? spec_.max : low;  // "5/15": from 5 to the end, every 15
      if (dash.size() == 2) {
        const auto last = value(dash[1]);
        if (!last) return error(dash[1], "expected " + spec_.expected());
        if (*last < low) return error(item, "the range goes backwards");
        high = *last;
      }
    }
    uint64_t bits = 0;
    for (int v = low; v <= high; v += step)
      bits |= uint64_t{1} << v;
    return bits;
  }

  const FieldSpec& spec_;
  std::string_view field_;
};

// Whether some allowed month has some allowed day (February counted with 29 days).
bool days_occur(const std::bitset<32>& days, const std::bitset<13>& months) {
  constexpr std::array<int, 13> kLongest = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int m = 1; m <= 12; ++m) {
    if (!months[m]) continue;
    for (int d = 1; d <= kLongest[m]; ++d) {
      if (days[d]) return true;
    }
  }
  return false;
}

}  // namespace

class CronParser {
 public:
  static Result<CronExpr> parse(std::string_view text) {
    const std::vector<std::string_view> fields = split_spaces(text);
    if (fields.size() != 5) {
      return Status::invalid_argument(fmt::format(
          "'{}': expected 5 fields (minute hour day-of-month month day-of-week), got {}", text,
          fields.size()));
    }
    std::array<uint64_t, 5> bits{};
    for (size_t i = 0; i < fields.size(); ++i) {
      Result<uint64_t> field = FieldParser(field_specs()[i], fields[i]).parse();
      if (!field.ok()) return field.status();
      bits[i] = *field;
    }
    CronExpr e;
    e.minutes_ = std::bitset<60>(bits[0]);
    e.hours_ = std::bitset<24>(bits[1]);
    e.days_ = std::bitset<32>(bits[2]);
    e.months_ = std::bitset<13>(bits[3]);
    // Day-of-week 7 is Sunday, as 0 is.
    e.weekdays_ = std::bitset<7>(bits[4] | ((bits[4] >> 7) & 1));
    e.days_restricted_ = !fields[2].starts_with('*');
    e.weekdays_restricted_ = !fields[4].starts_with('*');
    // With day-of-week unrestricted only day-of-month decides, and it may name days that no
    // allowed month has: such an expression would never fire.
    if (!e.weekdays_restricted_ && !days_occur(e.days_, e.months_)) {
      return Status::invalid_argument(fmt::format(
          "'{}' never fires: no allowed month has the day-of-month '{}'", text, fields[2]));
    }
    return e;
  }
};

Result<CronExpr> CronExpr::parse(std::string_view text) {
  return CronParser::parse(text);
}

}  // namespace sluice
