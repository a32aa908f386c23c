// The argument checks every RunStore makes before it touches its database, so that the SQLite
// and PostgreSQL stores refuse the same calls with the same kInvalidArgument messages.
#pragma once

#include <string_view>
#include <vector>

#include "core/status.h"
#include "schedule/store/run_store.h"

namespace sluice::schedule {

// Workflow and task names: non-empty, at most 250 bytes, no control characters.
Status check_name(std::string_view op, std::string_view what, std::string_view name);
// A workflow, unique non-empty task names, retries 0..1000, data interval end >= logical date.
Status check_new_run(const NewRun& run);
Status check_page(std::string_view op, int limit, int offset);
// Neither side may be running (see run_store.h: claim, finish and expiry own those moves).
Status check_transition(TaskState from, TaskState to);
Status check_claim(const ClaimRequest& request);
Status check_lease(std::string_view op, std::string_view owner, int64_t lease_ms);
// `to` is success, failed or up_for_retry; the key names an attempt (>= 1) and an owner.
Status check_finish(const AttemptKey& attempt, TaskState to);
// check_new_run() of each, and no (workflow, logical date) twice.
Status check_new_runs(const std::vector<NewRun>& runs);
// check_finish() of each.
Status check_finishes(const std::vector<AttemptEnd>& ends);

}  // namespace sluice::schedule
