#include "quality/rule_set.h"

#include <algorithm>
#include <set>

#include "quality/describe.h"
#include "quality/field_ref.h"
#include "quality/rule.h"
#include "quality/rules/rule_kinds.h"

namespace sluice {

RuleSet::RuleSet(RuleSet&&) noexcept = default;
RuleSet& RuleSet::operator=(RuleSet&&) noexcept = default;
RuleSet::~RuleSet() = default;

Result<RuleSet> RuleSet::compile(const std::vector<RuleConfig>& rules,
                                 const std::vector<FieldConfig>& fields, const Schema& schema) {
  RuleSet set;
  RuleContext context{schema, fields};
  std::set<std::string> seen;
  for (const RuleConfig& config : rules) {
    if (config.id.empty()) {
      return Status::invalid_argument("a rule of kind '" + std::string(kind_name(config.kind)) +
                                      "' has no id");
    }
    if (!seen.insert(config.id).second) {
      return Status::invalid_argument("rule '" + config.id + "': duplicate id");
    }
    auto rule = make_rule(config, context);
    if (!rule.ok()) return rule.status().with_context("rule '" + config.id + "'");
    auto index = static_cast<uint32_t>(set.rules_.size());
    (rule.value()->needs_index() ? set.stateful_ : set.stateless_).push_back(index);
    set.ids_.push_back(config.id);
    set.rules_.push_back(std::move(rule).value());
  }
  return set;
}

void RuleSet::evaluate(const Record& record, UniqueIndex* unique, Verdict* out) const {
  evaluate_stateless(record, out);
  evaluate_stateful(record, unique, out);
}

void RuleSet::check_rules(const std::vector<uint32_t>& which, const Record& record,
                          UniqueIndex* unique, Verdict* out) const {
  for (uint32_t i : which) {
    std::string message;  // empty strings do not allocate: only failures pay
    if (!rules_[i]->check(record, unique, &message)) {
      out->failures.push_back(RuleFailure{i, std::move(message)});
    }
  }
}

void RuleSet::evaluate_stateless(const Record& record, Verdict* out) const {
  out->clear();
  check_rules(stateless_, record, nullptr, out);
}

void RuleSet::evaluate_stateful(const Record& record, UniqueIndex* unique, Verdict* out) const {
  const size_t before = out->failures.size();
  check_rules(stateful_, record, unique, out);
  // Keep rule order: the stateful failures go between the stateless ones where they belong.
  if (out->failures.size() != before) {
    std::stable_sort(
        out->failures.begin(), out->failures.end(),
        [](const RuleFailure& a, const RuleFailure& b) { return a.rule_index < b.rule_index; });
  }
}

BatchSummary RuleSet::empty_summary() const {
  BatchSummary summary;
  summary.failures_per_rule.assign(rules_.size(), 0);
  return summary;
}

void RuleSet::count(const Verdict& verdict, BatchSummary* summary) const {
  if (summary->failures_per_rule.size() < rules_.size()) {
    summary->failures_per_rule.resize(rules_.size(), 0);
  }
  ++summary->records;
  if (verdict.valid()) {
    ++summary->valid;
  } else {
    ++summary->invalid;
  }
  for (const RuleFailure& f : verdict.failures)
    ++summary->failures_per_rule[f.rule_index];
}

void RuleSet::claim(const Record& record, UniqueIndex* unique) const {
  if (unique == nullptr) return;
  for (uint32_t i : stateful_)
    rules_[i]->claim(record, unique);
}

}  // namespace sluice
