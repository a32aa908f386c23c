// required: each field is present, not null and, when text, not "".
#include <fmt/format.h>

#include "quality/describe.h"
#include "quality/rules/rule_kinds.h"

namespace sluice {
namespace {

class RequiredRule final : public Rule {
 public:
  explicit RequiredRule(std::vector<FieldRef> fields) : fields_(std::move(fields)) {}

  bool check(const Record& record, UniqueIndex*, std::string* message) const override {
    bool ok = true;
    for (const FieldRef& f : fields_) {
      const char* problem = nullptr;
      if (record.is_null(f.index)) {
        problem = record.source_kind(f.index) == JsonKind::kNull ? "is null" : "is missing";
      } else if (record.has_text(f.index) && record.text(f.index).empty()) {
        problem = "is empty";
      }
      if (problem == nullptr) continue;
      ok = false;
      append_problem(message, fmt::format("{} {}", f.name, problem));
    }
    return ok;
  }

 private:
  std::vector<FieldRef> fields_;
};

}  // namespace

Result<RulePtr> make_required_rule(const RuleConfig& config, const RuleContext& context) {
  SLUICE_ASSIGN_OR_RETURN(auto fields, resolve_fields(config, context));
  return RulePtr(std::make_unique<RequiredRule>(std::move(fields)));
}

}  // namespace sluice
