// Reads `rules:` (data-quality rules; docs/configuration.md, "Rules"). Every rule kind registers
// in kRuleKinds with its keys, its checks and the fields it can judge.
#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <array>

#include "core/config_sections.h"

namespace sluice {
namespace {

// Rule kinds as config knows them: each kind's keys, what it requires of them, and which
// fields it can judge. The compiled rules register in quality/rules/make_rule.cpp by the same
// enum.
struct RuleKindSpec {
  RuleKind kind;
  std::string_view name;
  bool needs_fields;
  std::vector<std::string_view> keys;  // kind-specific keys it accepts
  // Checks the kind-specific values (null: nothing to check beyond their types).
  void (*check)(ConfigReader& r, const YAML::Node& node, const std::string& key,
                const RuleConfig& rule);
  // Why the kind cannot judge `field` of a pipeline keyed by `key_field` (null: any field).
  std::optional<std::string> (*field_problem)(const RuleConfig& rule, const FieldConfig& field,
                                              const std::string& key_field);
};

void check_regex(ConfigReader& r, const YAML::Node& node, const std::string& key,
                 const RuleConfig& rule) {
  if (!r.require(node, "pattern", key) || rule.pattern.empty()) return;
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re(rule.pattern, options);
  if (!re.ok()) {
    r.error(node["pattern"], join_key(key, "pattern"),
            fmt::format("bad regex \"{}\": {}", rule.pattern, re.error()));
  }
}

void check_one_of(ConfigReader& r, const YAML::Node& node, const std::string& key,
                  const RuleConfig& rule) {
  if (r.require(node, "values", key) && rule.values.empty()) {
    r.error(node["values"], join_key(key, "values"), "must list at least one value");
  }
}

void check_length(ConfigReader& r, const YAML::Node& node, const std::string& key,
                  const RuleConfig& rule) {
  if (!rule.min && !rule.max) {
    r.error(node, join_key(key, "min"), "a length rule needs min, max or both");
  }
  if (rule.min && *rule.min < 0) {
    r.error(node["min"], join_key(key, "min"),
            fmt::format("{} is out of range: must be at least 0", *rule.min));
  }
}

void check_range(ConfigReader& r, const YAML::Node& node, const std::string& key,
                 const RuleConfig& rule) {
  if (!rule.min && !rule.max && !rule.min_value && !rule.max_value) {
    r.error(node, join_key(key, "min"), "a range rule needs min/max (int) or min_value/max_value");
  }
}

bool is_text_like(FieldType t) {
  return t == FieldType::kText || t == FieldType::kTimestamp;
}

std::optional<std::string> text_fields_only(const RuleConfig& rule, const FieldConfig& field,
                                            const std::string& /*key_field*/) {
  if (is_text_like(field.type)) return std::nullopt;
  return fmt::format("field \"{}\" is {}; rules of kind {} judge text fields", field.name,
                     field_type_name(field.type), kind_name(rule.kind));
}

// Range also judges text that spells a number, so only bool is out.
std::optional<std::string> not_bool(const RuleConfig& /*rule*/, const FieldConfig& field,
                                    const std::string& /*key_field*/) {
  if (field.type != FieldType::kBool) return std::nullopt;
  return fmt::format("field \"{}\" is bool; range rules judge int, float or text fields",
                     field.name);
}

// Uniqueness is judged against stored rows, which sinks index by the key only: on another
// field the processor could not tell who holds a value.
std::optional<std::string> key_field_only(const RuleConfig& /*rule*/, const FieldConfig& field,
                                          const std::string& key_field) {
  if (field.name == key_field) return std::nullopt;
  return fmt::format(
      "unique rules apply to the key field (\"{}\"), not \"{}\": stored rows are indexed by "
      "key only, so uniqueness of another field cannot be judged",
      key_field, field.name);
}

const std::vector<RuleKindSpec>& rule_kinds() {
  static const std::vector<RuleKindSpec> kRuleKinds = {
      {RuleKind::kRequired, "required", true, {}, nullptr, nullptr},
      {RuleKind::kType, "type", false, {}, nullptr, nullptr},
      {RuleKind::kRegex, "regex", true, {"pattern"}, check_regex, text_fields_only},
      {RuleKind::kOneOf, "one_of", true, {"values"}, check_one_of, text_fields_only},
      {RuleKind::kLength, "length", true, {"min", "max"}, check_length, text_fields_only},
      {RuleKind::kUnique, "unique", true, {}, nullptr, key_field_only},
      {RuleKind::kRange,
       "range",
       true,
       {"min", "max", "min_value", "max_value"},
       check_range,
       not_bool},
      {RuleKind::kTimestamp, "timestamp", true, {"format"}, nullptr, text_fields_only},
  };
  return kRuleKinds;
}

const RuleKindSpec& spec_of(RuleKind kind) {
  for (const auto& s : rule_kinds()) {
    if (s.kind == kind) return s;
  }
  return rule_kinds().front();  // unreachable while the table lists every kind
}

bool is_rule_id(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// Reports kind-specific keys the rule's kind does not use, e.g. `pattern` on a one_of rule.
void check_kind_keys(ConfigReader& r, const YAML::Node& node, const std::string& key,
                     const RuleKindSpec& spec) {
  for (std::string_view k :
       {"pattern", "values", "min", "max", "min_value", "max_value", "format"}) {
    if (!node[std::string(k)].IsDefined()) continue;
    if (std::find(spec.keys.begin(), spec.keys.end(), k) != spec.keys.end()) continue;
    r.error(node[std::string(k)], join_key(key, k),
            fmt::format("not used by rules of kind {}", spec.name));
  }
}

void check_kind_values(ConfigReader& r, const YAML::Node& node, const std::string& key,
                       const RuleConfig& rule, const RuleKindSpec& spec) {
  if (spec.check != nullptr) spec.check(r, node, key, rule);
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
  const RuleKindSpec* spec = nullptr;
  if (r.require(node, "kind", key)) {
    std::string kind;
    r.read(node, "kind", key, &kind);
    std::string known;
    for (const auto& s : rule_kinds()) {
      if (s.name == kind) spec = &s;
      known += fmt::format("{}{}", known.empty() ? "" : ", ", s.name);
    }
    if (spec != nullptr) {
      out->kind = spec->kind;
    } else if (!kind.empty() || node["kind"].IsScalar()) {
      r.error(node["kind"], join_key(key, "kind"),
              fmt::format("unknown rule kind \"{}\" (expected one of: {})", kind, known));
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
            fmt::format("required key is missing (rules of kind {} name their field)", spec->name));
  }
  check_kind_keys(r, node, key, *spec);
  check_kind_values(r, node, key, *out, *spec);
}

}  // namespace

std::string_view kind_name(RuleKind kind) {
  return spec_of(kind).name;
}

std::optional<std::string> rule_field_problem(const RuleConfig& rule, const FieldConfig& field,
                                              const std::string& key_field) {
  const RuleKindSpec& spec = spec_of(rule.kind);
  if (spec.field_problem == nullptr) return std::nullopt;
  return spec.field_problem(rule, field, key_field);
}

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
