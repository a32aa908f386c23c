// Helpers for the quality tests: a small schema, rule sets built from RuleConfig values, records
// filled by hand, and an in-memory UniqueIndex.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/config.h"
#include "core/reason.h"
#include "core/record.h"
#include "quality/rule_set.h"

namespace sluice::testing {

inline FieldConfig text_field(std::string name, std::vector<JsonKind> source_types = {}) {
  FieldConfig f;
  f.name = std::move(name);
  f.from = f.name;
  f.source_types = std::move(source_types);
  return f;
}

inline FieldConfig typed_field(std::string name, FieldType type) {
  FieldConfig f = text_field(std::move(name));
  f.type = type;
  return f;
}

inline Schema schema_of(const std::vector<FieldConfig>& fields, std::string key) {
  std::vector<FieldSpec> specs;
  for (const auto& f : fields)
    specs.push_back(FieldSpec{f.name, f.type});
  return Schema(std::move(specs), std::move(key));
}

inline RuleConfig rule(std::string id, RuleKind kind, std::vector<std::string> fields) {
  RuleConfig r;
  r.id = std::move(id);
  r.kind = kind;
  r.fields = std::move(fields);
  return r;
}

// Owns the configs and schema a RuleSet is compiled against.
struct Pipeline {
  std::vector<FieldConfig> fields;
  Schema schema;
  std::vector<RuleConfig> rules;

  Pipeline(std::vector<FieldConfig> f, std::string key)
      : fields(std::move(f)), schema(schema_of(fields, std::move(key))) {}

  RuleSet compile() const {
    auto set = RuleSet::compile(rules, fields, schema);
    EXPECT_TRUE(set.ok()) << set.status().to_string();
    return std::move(set).value();
  }
  Status compile_error() const {
    auto set = RuleSet::compile(rules, fields, schema);
    EXPECT_FALSE(set.ok());
    return set.ok() ? Status() : set.status();
  }
};

class MapUniqueIndex : public UniqueIndex {
 public:
  void claim(std::string value, LogPosition at) { owners_[std::move(value)] = at; }
  void claim(std::string_view, std::string_view value, LogPosition at) override {
    owners_.try_emplace(std::string(value), at);
  }
  std::optional<LogPosition> owner(std::string_view, std::string_view value) override {
    auto it = owners_.find(std::string(value));
    if (it == owners_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::map<std::string, LogPosition> owners_;
};

// The quarantine reasons column a verdict gives (as the Judge builds it from the failures).
inline std::string reasons_json(const RuleSet& set, const Verdict& v) {
  std::vector<Reason> reasons;
  for (const auto& f : v.failures)
    reasons.push_back({set.rule_ids()[f.rule_index], f.message});
  return reasons_to_json(reasons);
}

// The ids of the rules a verdict failed, in order.
inline std::vector<std::string> failed_ids(const RuleSet& set, const Verdict& v) {
  std::vector<std::string> ids;
  for (const auto& f : v.failures)
    ids.push_back(set.rule_ids()[f.rule_index]);
  return ids;
}

}  // namespace sluice::testing
