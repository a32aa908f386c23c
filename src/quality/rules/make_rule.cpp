#include <string>

#include "quality/rules/rule_kinds.h"

namespace sluice {
namespace {

using Factory = Result<RulePtr> (*)(const RuleConfig&, const RuleContext&);

struct Kind {
  RuleKind kind;
  Factory make;
};

// Every rule kind's factory, by the kind config parsed (core/config_rules.cpp's table).
constexpr Kind kKinds[] = {
    {RuleKind::kRequired, make_required_rule}, {RuleKind::kType, make_type_rule},
    {RuleKind::kRegex, make_regex_rule},       {RuleKind::kOneOf, make_one_of_rule},
    {RuleKind::kLength, make_length_rule},     {RuleKind::kUnique, make_unique_rule},
    {RuleKind::kRange, make_range_rule},       {RuleKind::kTimestamp, make_timestamp_rule},
};

}  // namespace

Result<RulePtr> make_rule(const RuleConfig& config, const RuleContext& context) {
  for (const Kind& kind : kKinds) {
    if (kind.kind == config.kind) return kind.make(config, context);
  }
  return Status::invalid_argument("rule kind " + std::to_string(static_cast<int>(config.kind)) +
                                  " has no factory");
}

}  // namespace sluice
