// Cross-section checks, run after every section has been read.
#include <fmt/format.h>

#include <map>

#include "core/config_sections.h"

namespace sluice {
namespace {

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
    if (auto problem = rule_field_problem(rule, *field, config.key)) {
      r.error(rule.line, join_key(key, "fields"), *problem);
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
