#include "schedule/runner/kind_executor.h"

#include <curl/curl.h>

#include "schedule/runner/http_executor.h"

namespace sluice::schedule {

KindExecutor::KindExecutor(PipelineActions* pipeline, ShellOptions shell)
    : pipeline_(pipeline), shell_(shell) {
  // Before any thread makes a handle: curl_easy_init's implicit global init is not thread-safe.
  curl_global_init(CURL_GLOBAL_DEFAULT);
}

Status KindExecutor::run(const TaskAttempt& attempt, AttemptLog& log,
                         const std::atomic<bool>& cancel) {
  switch (attempt.task.kind) {
    case TaskKind::kShell:
      return run_shell(attempt.task.shell.command, log, cancel, shell_);
    case TaskKind::kHttp:
      return run_http(attempt.task.http, attempt.task.timeout, log, cancel);
    case TaskKind::kIngest:
    case TaskKind::kEnsure:
    case TaskKind::kWaitCaughtUp:
    case TaskKind::kReplay:
      if (pipeline_ == nullptr) {
        return Status::not_implemented("task kind " +
                                       std::string(task_kind_name(attempt.task.kind)) +
                                       " needs the pipeline actions, which this scheduler lacks");
      }
      return pipeline_->run(attempt, log, cancel);
  }
  return Status::internal("unknown task kind");
}

}  // namespace sluice::schedule
