// one_of: each judged text value equals one of `values` exactly (case-sensitive).
#include <fmt/format.h>

#include <algorithm>

#include "quality/describe.h"
#include "quality/rules/rule_kinds.h"

namespace sluice {
namespace {

class OneOfRule final : public Rule {
 public:
  OneOfRule(std::vector<FieldRef> fields, std::vector<std::string> values)
      : fields_(std::move(fields)), values_(std::move(values)) {}

  bool check(const Record& record, UniqueIndex*, std::string* message) const override {
    bool ok = true;
    for (const FieldRef& f : fields_) {
      auto text = f.judged_text(record);
      if (!text || std::find(values_.begin(), values_.end(), *text) != values_.end()) continue;
      ok = false;
      append_problem(message, fmt::format("{}: {} is not one of {}", f.name, quote_value(*text),
                                          fmt::join(values_, ", ")));
    }
    return ok;
  }

 private:
  std::vector<FieldRef> fields_;
  std::vector<std::string> values_;
};

}  // namespace

Result<RulePtr> make_one_of_rule(const RuleConfig& config, const RuleContext& context) {
  SLUICE_ASSIGN_OR_RETURN(auto fields, resolve_text_fields(config, context));
  if (config.values.empty()) return Status::invalid_argument("needs values");
  return RulePtr(std::make_unique<OneOfRule>(std::move(fields), config.values));
}

}  // namespace sluice
