// RuleSet: the data-quality rules of a pipeline, compiled once from config (docs/architecture.md,
// "Data quality"). evaluate() is const and allocates nothing when a record passes, so one RuleSet
// may be shared by several threads as long as each passes its own Verdict.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/log_position.h"
#include "core/record.h"
#include "core/status.h"
#include "quality/verdict.h"

namespace sluice {

// Stream-wide state for `unique` rules: who already holds a value. Implemented by the processor
// over the sink (stored rows carry their log position) plus the claims of the groups in flight,
// and in memory for dry runs (quality/memory_unique_index.h).
class UniqueIndex {
 public:
  virtual ~UniqueIndex() = default;
  // The position of the record that holds `value` of `field`, if any.
  virtual std::optional<LogPosition> owner(std::string_view field, std::string_view value) = 0;
  // A valid record at `position` now holds `value` of `field` (unless another already does).
  virtual void claim(std::string_view field, std::string_view value, LogPosition position) = 0;
};

class Rule;  // one compiled rule kind; see quality/rules/

class RuleSet {
 public:
  // Compiles rules against the schema and field configs (the `type` rule reads each field's
  // source_types). Fails naming the rule id on an unknown field, kind or bad regex.
  static Result<RuleSet> compile(const std::vector<RuleConfig>& rules,
                                 const std::vector<FieldConfig>& fields, const Schema& schema);

  RuleSet(RuleSet&&) noexcept;
  RuleSet& operator=(RuleSet&&) noexcept;
  ~RuleSet();

  const std::vector<std::string>& rule_ids() const { return ids_; }
  // Fills `out` (cleared first) with every failed rule. `unique` may be null: unique rules
  // then pass (useful for ingest --dry-run, which has no sink).
  void evaluate(const Record& record, UniqueIndex* unique, Verdict* out) const;
  // evaluate() in two steps, for a pipeline that judges records on one thread and consults the
  // stream-wide state on another: the first fills `out` (cleared first) with the failures of
  // the rules that judge a record on its own; the second adds those of the rules that need the
  // UniqueIndex, keeping failures in rule order. evaluate() is the two in a row.
  void evaluate_stateless(const Record& record, Verdict* out) const;
  void evaluate_stateful(const Record& record, UniqueIndex* unique, Verdict* out) const;
  bool has_stateful_rules() const { return !stateful_.empty(); }
  // A record found valid claims its values in the index (unique rules).
  void claim(const Record& record, UniqueIndex* unique) const;
  // Adds one verdict to a summary sized for this rule set.
  void count(const Verdict& verdict, BatchSummary* summary) const;
  BatchSummary empty_summary() const;

 private:
  RuleSet() = default;
  // Appends the failures of the rules at `which` (indexes into rules_, ascending).
  void check_rules(const std::vector<uint32_t>& which, const Record& record, UniqueIndex* unique,
                   Verdict* out) const;
  std::vector<std::string> ids_;
  std::vector<std::unique_ptr<Rule>> rules_;
  std::vector<uint32_t> stateless_;  // indexes of rules that judge a record on its own
  std::vector<uint32_t> stateful_;   // indexes of rules that need the UniqueIndex
};

}  // namespace sluice
