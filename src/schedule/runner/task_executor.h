// TaskExecutor: what runs one attempt of a task instance for the scheduler loop (scheduler.h).
// The loop renders the task's templates before it hands the attempt over, so an executor sees
// final arguments. Implementations per kind: shell, http, and the pipeline kinds (built where
// the pipeline machinery lives).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "schedule/workflow.h"

namespace sluice::schedule {

// One attempt as the executor sees it.
struct TaskAttempt {
  std::string workflow;
  std::string run_id;  // make_run_id's text, for messages
  int64_t run = 0;     // the store's run key
  int64_t logical_date_ms = 0;
  TaskSpec task;           // rendered: templates filled in for this run
  int attempt = 1;         // 1 = the first
  int64_t started_ms = 0;  // by the scheduler's clock
  // When it could have started at the earliest (its run due, its upstream tasks ended, its
  // retry time): started_ms - due_ms is the scheduler's start delay.
  int64_t due_ms = 0;
};

// Where an attempt writes what it has to say (a command's output, a response's status); the
// scheduler keeps it per attempt in the run store. Called from the executor's thread only.
class AttemptLog {
 public:
  virtual ~AttemptLog() = default;
  virtual void write(std::string_view text) = 0;
};

// run() blocks until the attempt ends. Ok means the task succeeded; any other status is a
// failed attempt whose message the scheduler logs (the code does not matter: retries are the
// task's `retries`). `cancel` is set when the attempt must stop (its timeout, a lost lease, the
// scheduler shutting down): return soon after, with a failure. Called from several threads at
// once, one attempt each: implementations must be thread-safe.
class TaskExecutor {
 public:
  virtual ~TaskExecutor() = default;
  virtual Status run(const TaskAttempt& attempt, AttemptLog& log,
                     const std::atomic<bool>& cancel) = 0;
};

}  // namespace sluice::schedule
