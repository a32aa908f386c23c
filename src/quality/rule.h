// Rule: one compiled data-quality rule (docs/architecture.md, "Data quality"). Each kind lives in
// rules/.
//
// Contract for every kind: check() is const, thread-safe, and allocates nothing when the record
// passes; on failure it writes one message naming every offending field and its value.
// Unless a kind says otherwise, a rule judges only present, non-empty values whose source
// kind the field accepts: missing/null/"" are `required`'s business, values of the wrong JSON
// type are `type`'s (see quality/field_ref.h).
#pragma once

#include <string>

#include "core/record.h"

namespace sluice {

class UniqueIndex;

class Rule {
 public:
  virtual ~Rule() = default;
  // True when `record` passes. Otherwise sets *message. `unique` may be null.
  virtual bool check(const Record& record, UniqueIndex* unique, std::string* message) const = 0;
  // True for kinds that consult the UniqueIndex (stream-wide state). The others judge a record
  // on its own, so the processor runs them on its mapping thread, off the sink's thread.
  virtual bool needs_index() const { return false; }
  // For kinds that need the index: a record judged valid takes hold of its values (the judge
  // calls this, in log order, after the whole verdict is known).
  virtual void claim(const Record& /*record*/, UniqueIndex* /*unique*/) const {}
};

}  // namespace sluice
