#include "cli/pipeline_actions_impl.h"

#include <filesystem>

#include "cli/pipeline_compile.h"

namespace sluice::cli {
namespace {

// The same file by identity (a relative and an absolute path, a symlink), not by spelling.
bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  return std::filesystem::equivalent(a, b, ec) && !ec;
}

}  // namespace

Result<PipelineConfig> load_task_config(const std::string& path) {
  try {
    return load_pipeline_config(path);
  } catch (const ConfigException& e) {
    return Status::invalid_argument(e.what());
  }
}

Status PipelineActionsImpl::run(const schedule::TaskAttempt& attempt, schedule::AttemptLog& log,
                                const std::atomic<bool>& cancel) {
  const TaskSpec& task = attempt.task;
  const std::string& config = task.pipeline.config.empty() ? config_ : task.pipeline.config;
  const HostedPipeline* hosted =
      hosted_ != nullptr && same_file(config, hosted_->config) ? hosted_ : nullptr;
  switch (task.kind) {
    case TaskKind::kIngest:
      return ingest_task(config, hosted, log, cancel);
    case TaskKind::kEnsure:
      return ensure_task(config, hosted, log);
    case TaskKind::kWaitCaughtUp:
      return wait_caught_up_task(config, hosted, task.wait, log, cancel);
    case TaskKind::kReplay:
      return replay_task(config, hosted, task.replay, log, cancel);
    case TaskKind::kShell:
    case TaskKind::kHttp:
      break;
  }
  return Status::internal("not a pipeline task kind: " + std::string(task_kind_name(task.kind)));
}

}  // namespace sluice::cli
