// Runs made on request: a manual run (`sluice trigger`, POST .../runs) and backfill runs
// (`sluice backfill`, POST .../backfill). Both only record the runs; a scheduler runs them.
// Each (workflow, logical date) has one run, so asking twice creates nothing twice: the answer
// says which runs this call made (CreatedRun::created).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "schedule/ops/blame.h"
#include "schedule/store/run_store.h"
#include "schedule/workflow.h"

namespace sluice::schedule {

struct TriggerRequest {
  // As parse_date_time() reads it (date_text.h), in the workflow's time zone unless it has an
  // offset; none: now, to the second (logical dates are whole seconds, as fire times are).
  std::optional<std::string> logical_date;
  std::map<std::string, std::string> params;  // overrides of params the workflow declares
};

// The manual run of `workflow` for the request's logical date. kInvalidArgument blaming
// "logical_date" or "params.NAME" (a param the workflow does not declare).
Result<CreatedRun> trigger_run(RunStore& store, const Workflow& workflow,
                               const TriggerRequest& request, int64_t now_ms, Blame* blame);

struct BackfillRequest {
  std::string from;  // first logical date (inclusive), as TriggerRequest::logical_date
  std::string to;    // last logical date (inclusive)
};

// A request for more runs than this is refused before any is made: a typo in a year should
// not fill the store with millions of runs.
inline constexpr size_t kMaxBackfillRuns = 10000;

// A backfill run for every fire time of the schedule in [from, to], oldest first.
// kInvalidArgument blaming "from" or "to" for a date that does not parse, a range that is
// empty or backwards, or one of more than kMaxBackfillRuns dates; blaming nothing for a workflow
// without a schedule. A store error stops at the run it failed on.
Result<std::vector<CreatedRun>> backfill_runs(RunStore& store, const Workflow& workflow,
                                              const BackfillRequest& request, int64_t now_ms,
                                              Blame* blame);

}  // namespace sluice::schedule
