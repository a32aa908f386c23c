// Cross-section checks, run after every section has been read.
#include <fmt/format.h>

#include <map>

#include "core/config_sections.h"

namespace sluice {
namespace {

bool is_text_like(FieldType t) {
  return t == FieldType::kText || t == FieldType::kTimestamp;
}

// Whether a rule kind can judge a field of type `t`; the message says why not.
std::optional<std::string> type_problem(const RuleConfig& rule, const FieldConfig& field) {
  const std::string_view kind = rule.kind;
  if ((kind == "regex" || kind == "one_of" || kind == "length" || kind == "timestamp") &&
      !is_text_like(field.type)) {
    return fmt::format("field \"{}\" is {}; rules of kind {} judge text fields", field.name,
                       field_type_name(field.type), kind);
  }
  // Range also judges text that spells a number, so only bool is out.
  if (kind == "range" && field.type == FieldType::kBool) {
    return fmt::format("field \"{}\" is bool; range rules judge int, float or text fields",
                       field.name);
  }
  return std::nullopt;
}

void validate_rule(ConfigReader& r, const PipelineConfig& config, const RuleConfig& rule,
                   const std::string& key) {
  for (const auto& name : rule.fields) {
    const FieldConfig* field = nullptr;
    for (const auto& f : config.fields) {
      if (f.name == name) field = &f;
    }
    if (field == nullptr) {
      r.error(rule.line, join_key(key, "fields"),
              fmt::format("rule \"{}\" names unknown field \"{}\"", rule.id, name));
      continue;
    }
    if (auto problem = type_problem(rule, *field)) {
      r.error(rule.line, join_key(key, "fields"), *problem);
    }
    // Uniqueness is checked against stored rows, which sinks index by key only.
    if (rule.kind == "unique" && name != config.key) {
      r.error(rule.line, join_key(key, "fields"),
              fmt::format("unique rules apply to the key field (\"{}\"), not \"{}\"", config.key,
                          name));
    }
  }
}

}  // namespace

void validate_config(ConfigReader& r, const PipelineConfig& config, int key_line) {
  if (!config.key.empty() && !config.fields.empty()) {
    bool found = false;
    for (const auto& f : config.fields)
      found = found || f.name == config.key;
    if (!found) {
      r.error(key_line, "schema.key",
              fmt::format("key field \"{}\" is not one of the schema's fields", config.key));
    }
  }
  std::map<std::string, size_t> ids;
  for (size_t i = 0; i < config.rules.size(); ++i) {
    const RuleConfig& rule = config.rules[i];
    const std::string key = index_key("rules", i);
    if (!rule.id.empty()) {
      auto [it, inserted] = ids.emplace(rule.id, i);
      if (!inserted) {
        r.error(rule.line, join_key(key, "id"),
                fmt::format("duplicate rule id \"{}\" (also rules[{}])", rule.id, it->second));
      }
    }
    validate_rule(r, config, rule, key);
  }
}

}  // namespace sluice
