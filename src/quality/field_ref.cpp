#include "quality/field_ref.h"

namespace sluice {
namespace {

uint32_t bit(JsonKind kind) {
  return 1U << static_cast<unsigned>(kind);
}

uint32_t default_kinds(FieldType type) {
  switch (type) {
    case FieldType::kText:
    case FieldType::kTimestamp:
      return bit(JsonKind::kString);
    case FieldType::kInt:
      return bit(JsonKind::kInteger);
    case FieldType::kFloat:
      return bit(JsonKind::kInteger) | bit(JsonKind::kFloat);
    case FieldType::kBool:
      return bit(JsonKind::kBool);
  }
  return 0;
}

}  // namespace

std::optional<std::string_view> FieldRef::judged_text(const Record& record) const {
  if (!record.has_text(index) || !accepts(record.source_kind(index))) return std::nullopt;
  std::string_view text = record.text(index);
  if (text.empty()) return std::nullopt;
  return text;
}

Result<FieldRef> resolve_field(std::string_view name, const RuleContext& context) {
  auto index = context.schema.index_of(name);
  if (!index) return Status::invalid_argument("unknown field '" + std::string(name) + "'");
  FieldRef ref;
  ref.index = *index;
  ref.name = std::string(name);
  ref.type = context.schema.field(*index).type;
  ref.accepted_kinds = default_kinds(ref.type);
  for (const auto& f : context.fields) {
    if (f.name != name || f.source_types.empty()) continue;
    ref.accepted_kinds = 0;
    for (JsonKind k : f.source_types)
      ref.accepted_kinds |= bit(k);
  }
  return ref;
}

Result<std::vector<FieldRef>> resolve_fields(const RuleConfig& config, const RuleContext& context) {
  if (config.fields.empty()) return Status::invalid_argument("needs at least one field");
  std::vector<FieldRef> refs;
  for (const auto& name : config.fields) {
    SLUICE_ASSIGN_OR_RETURN(FieldRef ref, resolve_field(name, context));
    refs.push_back(std::move(ref));
  }
  return refs;
}

Result<std::vector<FieldRef>> resolve_text_fields(const RuleConfig& config,
                                                  const RuleContext& context) {
  SLUICE_ASSIGN_OR_RETURN(std::vector<FieldRef> refs, resolve_fields(config, context));
  for (const auto& ref : refs) {
    if (!ref.is_textual()) {
      return Status::invalid_argument("field '" + ref.name + "' is " +
                                      std::string(field_type_name(ref.type)) +
                                      "; this kind applies to text or timestamp fields");
    }
  }
  return refs;
}

std::string accepted_kinds_text(const FieldRef& field) {
  std::string out;
  for (unsigned k = 0; k <= static_cast<unsigned>(JsonKind::kArray); ++k) {
    if (!field.accepts(static_cast<JsonKind>(k))) continue;
    if (!out.empty()) out += " or ";
    out += json_kind_name(static_cast<JsonKind>(k));
  }
  return out.empty() ? "nothing" : out;
}

}  // namespace sluice
