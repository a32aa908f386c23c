// type: the JSON kind of each field's source value is one the field accepts (FieldRef). Missing
// and null pass (that is `required`'s call). With no fields listed it checks every field.
#include <fmt/format.h>

#include "quality/describe.h"
#include "quality/rules/rule_kinds.h"

namespace sluice {
namespace {

class TypeRule final : public Rule {
 public:
  explicit TypeRule(std::vector<FieldRef> fields) : fields_(std::move(fields)) {}

  bool check(const Record& record, UniqueIndex*, std::string* message) const override {
    bool ok = true;
    for (const FieldRef& f : fields_) {
      JsonKind kind = record.source_kind(f.index);
      if (kind == JsonKind::kMissing || kind == JsonKind::kNull || f.accepts(kind)) continue;
      ok = false;
      append_problem(message,
                     fmt::format("{}: expected {}, got {} {}", f.name, accepted_kinds_text(f),
                                 json_kind_name(kind), describe_field(record, f.index)));
    }
    return ok;
  }

 private:
  std::vector<FieldRef> fields_;
};

}  // namespace

Result<RulePtr> make_type_rule(const RuleConfig& config, const RuleContext& context) {
  std::vector<FieldRef> fields;
  if (config.fields.empty()) {
    for (const auto& spec : context.schema.fields()) {
      SLUICE_ASSIGN_OR_RETURN(FieldRef ref, resolve_field(spec.name, context));
      fields.push_back(std::move(ref));
    }
  } else {
    SLUICE_ASSIGN_OR_RETURN(fields, resolve_fields(config, context));
  }
  return RulePtr(std::make_unique<TypeRule>(std::move(fields)));
}

}  // namespace sluice
