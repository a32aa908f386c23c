// What the pipeline task kinds (ingest, ensure, wait_caught_up, replay) do, as an interface:
// the pipeline machinery (sources, logs, sinks, consumers) lives above this library, in
// src/cli, which implements it on the code paths of its commands.
#pragma once

#include <atomic>

#include "core/status.h"
#include "schedule/runner/task_executor.h"

namespace sluice::schedule {

class PipelineActions {
 public:
  virtual ~PipelineActions() = default;
  // `attempt.task.kind` is one of the four; task.pipeline.config the config it acts on ("" =
  // the scheduler's own). Blocks until done or `cancel`; thread-safe as TaskExecutor::run.
  virtual Status run(const TaskAttempt& attempt, AttemptLog& log,
                     const std::atomic<bool>& cancel) = 0;
};

}  // namespace sluice::schedule
