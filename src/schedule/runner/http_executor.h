// The `http` task kind: one request with libcurl (method, url, headers, body); success when
// the response status is one of expected_status (empty: any 2xx). The status and the start of
// the response body go into the attempt's log. The request gives up after `timeout` (the
// task's, when it has one) or when `cancel` is set.
#pragma once

#include <atomic>
#include <chrono>
#include <optional>

#include "core/status.h"
#include "schedule/runner/task_executor.h"
#include "schedule/workflow.h"

namespace sluice::schedule {

// How much of the body the log keeps.
inline constexpr size_t kHttpLogBodyBytes = 4096;

Status run_http(const HttpArgs& args, std::optional<std::chrono::milliseconds> timeout,
                AttemptLog& log, const std::atomic<bool>& cancel);

}  // namespace sluice::schedule
