// unique: each judged value of the field is not held by another record. The owner comes from
// the UniqueIndex (stored rows plus the batch in flight); a record replayed from its own log
// position is its own owner and passes. Without an index (dry runs) the rule passes.
#include <fmt/format.h>

#include <charconv>

#include "quality/describe.h"
#include "quality/rule_set.h"
#include "quality/rules/rule_kinds.h"

namespace sluice {
namespace {

class UniqueRule final : public Rule {
 public:
  explicit UniqueRule(std::vector<FieldRef> fields) : fields_(std::move(fields)) {}

  bool check(const Record& record, UniqueIndex* unique, std::string* message) const override {
    if (unique == nullptr) return true;
    const LogPosition self{record.meta.partition, record.meta.offset};
    bool ok = true;
    for (const FieldRef& f : fields_) {
      char digits[24];
      std::string_view value;
      if (auto text = f.judged_text(record)) {
        value = *text;
      } else if (record.is_int(f.index) && f.accepts(record.source_kind(f.index))) {
        auto end = std::to_chars(digits, digits + sizeof digits, record.int_value(f.index)).ptr;
        value = std::string_view(digits, static_cast<size_t>(end - digits));
      } else {
        continue;
      }
      auto owner = unique->owner(f.name, value);
      if (!owner || *owner == self) continue;
      ok = false;
      append_problem(message,
                     fmt::format("{}: {} is already held by the record at partition {}, offset {}",
                                 f.name, quote_value(value), owner->partition, owner->offset));
    }
    return ok;
  }

  bool needs_index() const override { return true; }

 private:
  std::vector<FieldRef> fields_;
};

}  // namespace

Result<RulePtr> make_unique_rule(const RuleConfig& config, const RuleContext& context) {
  SLUICE_ASSIGN_OR_RETURN(auto fields, resolve_fields(config, context));
  for (const auto& f : fields) {
    if (!f.is_textual() && f.type != FieldType::kInt) {
      return Status::invalid_argument("field '" + f.name + "' is " +
                                      std::string(field_type_name(f.type)) +
                                      "; unique applies to text, timestamp or int fields");
    }
  }
  return RulePtr(std::make_unique<UniqueRule>(std::move(fields)));
}

}  // namespace sluice
