// PipelineActionsImpl: the pipeline task kinds for the scheduler (schedule/runner/
// pipeline_actions.h), built on the commands' code paths (pipeline_tasks.h). `sluice scheduler`
// makes one with nothing hosted: each attempt opens the parts it needs and closes them after.
// `sluice run` lends it the pipeline it runs: a task acting on that pipeline's config uses the
// open log, writer and sink instead of opening a second writer on the same log.
//
// Thread-safety: run() may be called from several threads at once, as TaskExecutor::run.
#pragma once

#include <atomic>
#include <string>

#include "cli/pipeline_tasks.h"
#include "schedule/runner/pipeline_actions.h"

namespace sluice::cli {

class PipelineActionsImpl final : public schedule::PipelineActions {
 public:
  // `config`: the scheduler's config, for tasks without `config:`. `hosted` may be null; it
  // must outlive this object.
  PipelineActionsImpl(std::string config, const HostedPipeline* hosted)
      : config_(std::move(config)), hosted_(hosted) {}

  Status run(const schedule::TaskAttempt& attempt, schedule::AttemptLog& log,
             const std::atomic<bool>& cancel) override;

 private:
  const std::string config_;
  const HostedPipeline* hosted_;
};

}  // namespace sluice::cli
