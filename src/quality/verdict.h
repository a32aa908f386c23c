// Verdict: what the rule set said of one record; BatchSummary: what it said of a batch.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sluice {

struct RuleFailure {
  uint32_t rule_index = 0;  // index into RuleSet::rule_ids()
  std::string message;      // names the field and the offending value
};

struct Verdict {
  std::vector<RuleFailure> failures;  // every failed rule, in rule order
  bool valid() const { return failures.empty(); }
  void clear() { failures.clear(); }  // keeps capacity: no allocation when reused
};

struct BatchSummary {
  int64_t records = 0;
  int64_t valid = 0;
  int64_t invalid = 0;
  std::vector<int64_t> failures_per_rule;  // indexed like RuleSet::rule_ids()
};

}  // namespace sluice
