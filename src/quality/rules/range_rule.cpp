// range: each judged numeric value lies within the bounds. Integer bounds (min/max) and float
// bounds (min_value/max_value) may be combined. Int and float fields are compared natively; a
// text field's value must parse entirely as a decimal number (C++ from_chars grammar, no
// surrounding spaces; "nan"/"inf" do not count), else the rule fails with "is not a number".
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <optional>

#include "quality/describe.h"
#include "quality/rules/rule_kinds.h"

namespace sluice {
namespace {

struct Bounds {
  std::optional<int64_t> min;
  std::optional<int64_t> max;
  std::optional<double> min_value;
  std::optional<double> max_value;

  // Integers are compared exactly against integer bounds, not through double.
  bool contains(int64_t v) const {
    return (!min || v >= *min) && (!max || v <= *max) &&
           (!min_value || static_cast<double>(v) >= *min_value) &&
           (!max_value || static_cast<double>(v) <= *max_value);
  }
  bool contains(double v) const {
    return (!min || v >= static_cast<double>(*min)) && (!max || v <= static_cast<double>(*max)) &&
           (!min_value || v >= *min_value) && (!max_value || v <= *max_value);
  }
  std::string describe() const {
    std::string lo = min_value ? fmt::format("{}", *min_value)
                               : (min ? fmt::format("{}", *min) : std::string("-inf"));
    std::string hi = max_value ? fmt::format("{}", *max_value)
                               : (max ? fmt::format("{}", *max) : std::string("+inf"));
    return lo + ".." + hi;
  }
};

std::optional<double> parse_number(std::string_view text) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

class RangeRule final : public Rule {
 public:
  RangeRule(std::vector<FieldRef> fields, Bounds bounds)
      : fields_(std::move(fields)), bounds_(bounds) {}

  bool check(const Record& record, UniqueIndex*, std::string* message) const override {
    bool ok = true;
    for (const FieldRef& f : fields_) {
      if (record.is_null(f.index) || !f.accepts(record.source_kind(f.index))) continue;
      std::string problem;
      if (record.is_int(f.index)) {
        if (bounds_.contains(record.int_value(f.index))) continue;
      } else if (record.is_float(f.index)) {
        if (bounds_.contains(record.float_value(f.index))) continue;
      } else if (auto text = f.judged_text(record)) {
        auto v = parse_number(*text);
        if (v && bounds_.contains(*v)) continue;
        if (!v) problem = fmt::format("{}: {} is not a number", f.name, quote_value(*text));
      } else {
        continue;
      }
      if (problem.empty()) {
        problem = fmt::format("{}: {} is outside {}", f.name, describe_field(record, f.index),
                              bounds_.describe());
      }
      ok = false;
      append_problem(message, problem);
    }
    return ok;
  }

 private:
  std::vector<FieldRef> fields_;
  Bounds bounds_;
};

}  // namespace

Result<RulePtr> make_range_rule(const RuleConfig& config, const RuleContext& context) {
  SLUICE_ASSIGN_OR_RETURN(auto fields, resolve_fields(config, context));
  for (const auto& f : fields) {
    if (f.type == FieldType::kBool || f.type == FieldType::kTimestamp) {
      return Status::invalid_argument("field '" + f.name +
                                      "': range applies to int, float or text fields");
    }
  }
  Bounds b{config.min, config.max, config.min_value, config.max_value};
  if (!b.min && !b.max && !b.min_value && !b.max_value) {
    return Status::invalid_argument("needs min, max, min_value or max_value");
  }
  return RulePtr(std::make_unique<RangeRule>(std::move(fields), b));
}

}  // namespace sluice
