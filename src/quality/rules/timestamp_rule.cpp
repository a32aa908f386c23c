// timestamp: each judged text value is a real calendar instant in `format`
// (quality/timestamp_format.h; default ISO-8601 with milliseconds and Z).
#include <fmt/format.h>

#include "quality/describe.h"
#include "quality/rules/rule_kinds.h"
#include "quality/timestamp_format.h"

namespace sluice {
namespace {

class TimestampRule final : public Rule {
 public:
  TimestampRule(std::vector<FieldRef> fields, TimestampFormat format)
      : fields_(std::move(fields)), format_(std::move(format)) {}

  bool check(const Record& record, UniqueIndex*, std::string* message) const override {
    bool ok = true;
    for (const FieldRef& f : fields_) {
      auto text = f.judged_text(record);
      std::string why;
      if (!text || format_.check(*text, &why)) continue;
      ok = false;
      append_problem(message, fmt::format("{}: {} {}", f.name, quote_value(*text), why));
    }
    return ok;
  }

 private:
  std::vector<FieldRef> fields_;
  TimestampFormat format_;
};

}  // namespace

Result<RulePtr> make_timestamp_rule(const RuleConfig& config, const RuleContext& context) {
  SLUICE_ASSIGN_OR_RETURN(auto fields, resolve_text_fields(config, context));
  SLUICE_ASSIGN_OR_RETURN(TimestampFormat format, TimestampFormat::parse(config.format));
  return RulePtr(std::make_unique<TimestampRule>(std::move(fields), std::move(format)));
}

}  // namespace sluice
