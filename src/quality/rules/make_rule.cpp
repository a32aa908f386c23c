#include <string_view>

#include "quality/rules/rule_kinds.h"

namespace sluice {
namespace {

using Factory = Result<RulePtr> (*)(const RuleConfig&, const RuleContext&);

struct Kind {
  std::string_view name;
  Factory make;
};

constexpr Kind kKinds[] = {
    {"required", make_required_rule}, {"type", make_type_rule},
    {"regex", make_regex_rule},       {"one_of", make_one_of_rule},
    {"length", make_length_rule},     {"unique", make_unique_rule},
    {"range", make_range_rule},       {"timestamp", make_timestamp_rule},
};

}  // namespace

Result<RulePtr> make_rule(const RuleConfig& config, const RuleContext& context) {
  for (const Kind& kind : kKinds) {
    if (kind.name == config.kind) return kind.make(config, context);
  }
  std::string known;
  for (const Kind& kind : kKinds)
    known += (known.empty() ? "" : ", ") + std::string(kind.name);
  return Status::invalid_argument("unknown kind '" + config.kind + "' (known: " + known + ")");
}

}  // namespace sluice
