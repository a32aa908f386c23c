// PostgreSQL results as the store's types, and arrays as statement parameters.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "schedule/store/postgres/pg_connection.h"
#include "schedule/store/run_store.h"

namespace sluice::schedule {

// Rows selected as SLUICE_RUN_COLUMNS / SLUICE_TASK_COLUMNS (row_decode.h).
Result<std::vector<WorkflowRun>> runs_in(const PgResult& result);
Result<std::vector<TaskInstance>> tasks_in(const PgResult& result);
// The first row; kNotFound "no run <what>" when there is none.
Result<WorkflowRun> one_run(const PgResult& result, std::string_view what);

// Array literals for $n::text[] and $n::int[] / $n::bigint[]: {"a","b\"c"}, {1,2}.
std::string pg_array(const std::vector<std::string>& values);
std::string pg_array(const std::vector<int64_t>& values);

}  // namespace sluice::schedule
