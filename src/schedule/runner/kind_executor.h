// The executor the scheduler uses: each attempt to its kind's implementation (shell, http, and
// the pipeline kinds through PipelineActions).
#pragma once

#include <atomic>

#include "schedule/runner/pipeline_actions.h"
#include "schedule/runner/shell_executor.h"
#include "schedule/runner/task_executor.h"

namespace sluice::schedule {

class KindExecutor : public TaskExecutor {
 public:
  // `pipeline` may be null: the pipeline kinds then fail with kNotImplemented. It must outlive
  // the executor.
  explicit KindExecutor(PipelineActions* pipeline, ShellOptions shell = {});
  Status run(const TaskAttempt& attempt, AttemptLog& log, const std::atomic<bool>& cancel) override;

 private:
  PipelineActions* pipeline_;
  ShellOptions shell_;
};

}  // namespace sluice::schedule
