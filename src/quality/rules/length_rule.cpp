// length: each judged text value has min..max characters, counted as Unicode code points
// (quality/utf8.h: a byte of invalid UTF-8 counts as one character).
#include <fmt/format.h>

#include <optional>

#include "quality/describe.h"
#include "quality/rules/rule_kinds.h"
#include "quality/utf8.h"

namespace sluice {
namespace {

class LengthRule final : public Rule {
 public:
  LengthRule(std::vector<FieldRef> fields, std::optional<int64_t> min, std::optional<int64_t> max)
      : fields_(std::move(fields)), min_(min), max_(max) {}

  bool check(const Record& record, UniqueIndex*, std::string* message) const override {
    bool ok = true;
    for (const FieldRef& f : fields_) {
      auto text = f.judged_text(record);
      if (!text) continue;
      auto n = static_cast<int64_t>(count_code_points(*text));
      if ((!min_ || n >= *min_) && (!max_ || n <= *max_)) continue;
      ok = false;
      append_problem(message, fmt::format("{}: {} has {} characters, expected {}", f.name,
                                          quote_value(*text), n, bounds()));
    }
    return ok;
  }

 private:
  std::string bounds() const {
    if (min_ && max_) return fmt::format("{}..{}", *min_, *max_);
    if (min_) return fmt::format("at least {}", *min_);
    return fmt::format("at most {}", *max_);
  }

  std::vector<FieldRef> fields_;
  std::optional<int64_t> min_;
  std::optional<int64_t> max_;
};

}  // namespace

Result<RulePtr> make_length_rule(const RuleConfig& config, const RuleContext& context) {
  SLUICE_ASSIGN_OR_RETURN(auto fields, resolve_text_fields(config, context));
  if (!config.min && !config.max) return Status::invalid_argument("needs min or max");
  if ((config.min && *config.min < 0) || (config.min && config.max && *config.min > *config.max)) {
    return Status::invalid_argument("needs 0 <= min <= max");
  }
  return RulePtr(std::make_unique<LengthRule>(std::move(fields), config.min, config.max));
}

}  // namespace sluice
