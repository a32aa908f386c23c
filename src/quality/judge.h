// Judge: the one place that decides what happens to a record (docs/architecture.md, "Data
// quality"): map the source JSON into a Record, run the rules, and give the reasons a record
// is quarantined for, or none when it is stored. The processor, `sluice ingest --dry-run` and
// (through the processor) `sluice test` all judge with it, so they agree on every verdict and
// on every reason name: a rule's id, or one of the two no rule reports:
//   parse  the record is not a JSON object (the log holds whatever the source sent);
//   key    every rule passed, but the key field is empty, and a stored row needs a key.
//
// Judging comes in two steps, so that a pipeline can run the first on one thread and the
// second on the thread that owns the stream-wide state: look() maps the record and runs the
// rules that judge it on its own; finish() runs the rules that need the UniqueIndex, checks
// the key, and for a valid record claims its unique values. finish() must see records in log
// order per partition.
// Thread-safety: look() uses the Judge's mapper (one thread at a time); finish() is const and
// may run on another thread concurrently.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/reason.h"
#include "core/record.h"
#include "core/status.h"
#include "quality/rule_set.h"
#include "quality/verdict.h"
#include "transform/mapper.h"

namespace sluice {

inline constexpr std::string_view kParseReason = "parse";
inline constexpr std::string_view kKeyReason = "key";

// What the first step found, carried to the second.
struct FirstLook {
  std::string parse_error;  // non-empty: not a JSON object; no rule was run
  Verdict verdict;          // the failures of the rules that judge a record on its own
};

class Judge {
 public:
  // Compiles the pipeline's mapping and rules; errors name the rule or field.
  static Result<std::unique_ptr<Judge>> compile(const PipelineConfig& config);

  const Schema& schema() const { return schema_; }
  const RuleSet& rules() const { return rules_; }
  Mapper& mapper() { return mapper_; }

  // Step one: maps `raw` into *record (whose meta the caller sets: the rules read the
  // position) and runs the stateless rules.
  void look(std::string_view raw, Record* record, FirstLook* out);
  // Step two: the stateful rules (`unique` may be null: they pass) and the key check. Fills
  // *reasons (cleared first) and returns true when the record is valid, having claimed its
  // values in `unique`. look->verdict ends up holding every rule failure.
  bool finish(const Record& record, UniqueIndex* unique, FirstLook* look,
              std::vector<Reason>* reasons) const;

  // Every reason id a record can get: the rule ids, then parse and key.
  std::vector<std::string> reason_ids() const;

 private:
  Judge(Schema schema, Mapper mapper, RuleSet rules);
  Schema schema_;
  Mapper mapper_;
  RuleSet rules_;
};

}  // namespace sluice
