// FieldRef: a rule's view of one schema field, resolved at compile time: its index, name, type
// and the JSON kinds its source value may have (FieldConfig::source_types, or by type: text and
// timestamp accept string; int integer; float integer and float; bool bool).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/record.h"
#include "core/status.h"

namespace sluice {

struct RuleContext {
  const Schema& schema;
  const std::vector<FieldConfig>& fields;
};

struct FieldRef {
  size_t index = 0;
  std::string name;
  FieldType type = FieldType::kText;
  uint32_t accepted_kinds = 0;  // bit (1 << JsonKind)

  bool accepts(JsonKind kind) const { return (accepted_kinds >> static_cast<unsigned>(kind)) & 1U; }
  bool is_textual() const { return type == FieldType::kText || type == FieldType::kTimestamp; }

  // The text a format rule judges: present, accepted source kind, stored as text, non-empty.
  std::optional<std::string_view> judged_text(const Record& record) const;
};

Result<FieldRef> resolve_field(std::string_view name, const RuleContext& context);
// Resolves config.fields; fails when it is empty and `need_one`, or a name is unknown.
Result<std::vector<FieldRef>> resolve_fields(const RuleConfig& config, const RuleContext& context);
// Resolves and checks that every field stores text (for regex, one_of, length, timestamp).
Result<std::vector<FieldRef>> resolve_text_fields(const RuleConfig& config,
                                                  const RuleContext& context);

// "string or integer"
std::string accepted_kinds_text(const FieldRef& field);

}  // namespace sluice
