// unique: each judged value of the field is not held by another record. The owner comes from
// the UniqueIndex (stored rows plus the batch in flight); a record replayed from its own log
// position is its own owner and passes. Without an index (dry runs) the rule passes.
#include <fmt/format.h>

#include <array>
#include <charconv>
#include <optional>

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
      Digits digits;
      auto judged = value_of(f, record, &digits);
      if (!judged) continue;
      const std::string_view value = *judged;
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

  void claim(const Record& record, UniqueIndex* unique) const override {
    const LogPosition self{record.meta.partition, record.meta.offset};
    for (const FieldRef& f : fields_) {
      Digits digits;
      if (auto value = value_of(f, record, &digits)) unique->claim(f.name, *value, self);
    }
  }

 private:
  using Digits = std::array<char, 24>;
  // The value the rule judges: non-empty text of an accepted kind, or an int as digits (in
  // *digits); none for anything else (missing, null, "", wrong type).
  static std::optional<std::string_view> value_of(const FieldRef& f, const Record& record,
                                                  Digits* digits) {
    if (auto text = f.judged_text(record)) return *text;
    if (record.is_int(f.index) && f.accepts(record.source_kind(f.index))) {
      auto end =
          std::to_chars(digits->data(), digits->data() + digits->size(), record.int_value(f.index))
              .ptr;
      return std::string_view(digits->data(), static_cast<size_t>(end - digits->data()));
    }
    return std::nullopt;
  }

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
