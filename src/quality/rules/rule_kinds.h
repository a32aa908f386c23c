// One factory per rule kind (one .cpp each in this folder); make_rule() picks by
// RuleConfig::kind from its table. Each validates its own options and fails with a message that the
// caller prefixes with the rule id.
#pragma once

#include <memory>

#include "core/config.h"
#include "core/status.h"
#include "quality/field_ref.h"
#include "quality/rule.h"

namespace sluice {

using RulePtr = std::unique_ptr<Rule>;

Result<RulePtr> make_required_rule(const RuleConfig& config, const RuleContext& context);
Result<RulePtr> make_type_rule(const RuleConfig& config, const RuleContext& context);
Result<RulePtr> make_regex_rule(const RuleConfig& config, const RuleContext& context);
Result<RulePtr> make_one_of_rule(const RuleConfig& config, const RuleContext& context);
Result<RulePtr> make_length_rule(const RuleConfig& config, const RuleContext& context);
Result<RulePtr> make_unique_rule(const RuleConfig& config, const RuleContext& context);
Result<RulePtr> make_range_rule(const RuleConfig& config, const RuleContext& context);
Result<RulePtr> make_timestamp_rule(const RuleConfig& config, const RuleContext& context);

Result<RulePtr> make_rule(const RuleConfig& config, const RuleContext& context);

}  // namespace sluice
