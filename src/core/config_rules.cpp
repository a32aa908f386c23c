// Reads `rules:` (data-quality rules, design.md section 4; docs/configuration.md, "Rules").
#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <array>

#include "core/config_sections.h"

namespace sluice {
namespace {

struct KindSpec {
  std::string_view kind;
  bool needs_fields;
  std::vector<std::string_view> keys;  // kind-specific keys it accepts
};

const std::array<KindSpec, 8>& kind_specs() {
  static const std::array<KindSpec, 8> kSpecs = {{
      {"required", true, {}},
      {"regex", true, {"pattern"}},
      {"one_of", true, {"values"}},
      {"length", true, {"min", "max"}},
      {"type", false, {}},
      {"unique", true, {}},
      {"range", true, {"min", "max", "min_value", "max_value"}},
      {"timestamp", true, {"format"}},
  }};
  return kSpecs;
}

const KindSpec* find_kind(std::string_view kind) {
  for (const auto& s : kind_specs()) {
    if (s.kind == kind) return &s;
  }
  return nullptr;
}

bool is_rule_id(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// Reports kind-specific keys the rule's kind does not use, e.g. `pattern` on a one_of rule.
void check_kind_keys(ConfigReader& r, const YAML::Node& node, const std::string& key,
                     const KindSpec& spec) {
  for (std::string_view k :
       {"pattern", "values", "min", "max", "min_value", "max_value", "format"}) {
    if (!node[std::string(k)].IsDefined()) continue;
    if (std::find(spec.keys.begin(), spec.keys.end(), k) != spec.keys.end()) continue;
    r.error(node[std::string(k)], join_key(key, k),
            fmt::format("not used by rules of kind {}", spec.kind));
  }
}

void check_kind_values(ConfigReader& r, const YAML::Node& node, const std::string& key,
                       const RuleConfig& rule) {
  if (rule.kind == "regex" && r.require(node, "pattern", key) && !rule.pattern.empty()) {
    RE2::Options options;
    options.set_log_errors(false);
    RE2 re(rule.pattern, options);
    if (!re.ok()) {
      r.error(node["pattern"], join_key(key, "pattern"),
              fmt::format("bad regex \"{}\": {}", rule.pattern, re.error()));
    }
  }
  if (rule.kind == "one_of" && r.require(node, "values", key) && rule.values.empty()) {
    r.error(node["values"], join_key(key, "values"), "must list at least one value");
  }
  if (rule.kind == "length" && !rule.min && !rule.max) {
    r.error(node, join_key(key, "min"), "a length rule needs min, max or both");
  }
  if (rule.kind == "length" && rule.min && *rule.min < 0) {
    r.error(node["min"], join_key(key, "min"),
            fmt::format("{} is out of range: must be at least 0", *rule.min));
  }
  if (rule.kind == "range" && !rule.min && !rule.max && !rule.min_value && !rule.max_value) {
    r.error(node, join_key(key, "min"), "a range rule needs min/max (int) or min_value/max_value");
  }
  if (rule.min && rule.max && *rule.min > *rule.max) {
    r.error(node["max"], join_key(key, "max"),
            fmt::format("max ({}) is less than min ({})", *rule.max, *rule.min));
  }
  if (rule.min_value && rule.max_value && *rule.min_value > *rule.max_value) {
    r.error(node["max_value"], join_key(key, "max_value"),
            fmt::format("max_value ({}) is less than min_value ({})", *rule.max_value,
                        *rule.min_value));
  }
}

void read_rule(ConfigReader& r, const YAML::Node& node, const std::string& key, RuleConfig* out) {
  out->line = line_of(node);
  if (!r.check_map(node, key,
                   {"id", "kind", "field", "fields", "pattern", "values", "min", "max", "min_value",
                    "max_value", "format"})) {
    return;
  }
  if (r.require(node, "id", key)) {
    r.read(node, "id", key, &out->id);
    if (!out->id.empty() && !is_rule_id(out->id)) {
      r.error(node["id"], join_key(key, "id"),
              fmt::format("\"{}\" is not a valid rule id ([A-Za-z_][A-Za-z0-9_]*)", out->id));
    }
  }
  const KindSpec* spec = nullptr;
  if (r.require(node, "kind", key)) {
    r.read(node, "kind", key, &out->kind);
    spec = find_kind(out->kind);
    if (spec == nullptr) {
      r.error(node["kind"], join_key(key, "kind"),
              fmt::format("unknown rule kind \"{}\" (expected one of: required, regex, one_of, "
                          "length, type, unique, range, timestamp)",
                          out->kind));
    }
  }
  if (node["field"].IsDefined() && node["fields"].IsDefined()) {
    r.error(node["fields"], join_key(key, "fields"), "give either `field` or `fields`, not both");
  }
  r.read(node, "field", key, &out->fields);
  r.read(node, "fields", key, &out->fields);
  r.read(node, "pattern", key, &out->pattern);
  r.read(node, "values", key, &out->values);
  r.read(node, "min", key, &out->min);
  r.read(node, "max", key, &out->max);
  r.read(node, "min_value", key, &out->min_value);
  r.read(node, "max_value", key, &out->max_value);
  r.read(node, "format", key, &out->format);
  if (spec == nullptr) return;
  if (spec->needs_fields && !node["field"].IsDefined() && !node["fields"].IsDefined()) {
    r.error(node, join_key(key, "fields"),
            fmt::format("required key is missing (rules of kind {} name their field)", spec->kind));
  }
  check_kind_keys(r, node, key, *spec);
  check_kind_values(r, node, key, *out);
}

}  // namespace

void read_rules(ConfigReader& r, const YAML::Node& node, std::vector<RuleConfig>* out) {
  if (node.IsNull()) return;  // `rules:` with nothing under it: no rules
  if (!node.IsSequence()) {
    r.error(node, "rules", "expected a list of rules");
    return;
  }
  for (size_t i = 0; i < node.size(); ++i) {
    RuleConfig rule;
    read_rule(r, node[i], index_key("rules", i), &rule);
    out->push_back(std::move(rule));
  }
}

}  // namespace sluice
