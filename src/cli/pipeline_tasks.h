// The pipeline task kinds of workflows (docs/workflows.md, "Task kinds"), each on the code path
// of its command: ingest (`sluice ingest --once`), ensure (what opening the log and the sink
// creates), wait_caught_up, replay (`sluice replay`). PipelineActionsImpl
// (pipeline_actions_impl.h) picks the kind and the pipeline; these do the work.
//
// A task acts either on the pipeline `sluice run` hosts (HostedPipeline: its open log, writer,
// source and sink, shared with the interval ingest loop and the processor) or, when nothing
// hosts it, on parts it opens for the attempt and closes after (hosted == nullptr).
#pragma once

#include <atomic>
#include <mutex>
#include <string>

#include "cli/pipeline_parts.h"
#include "cli/processor_pause.h"
#include "core/status.h"
#include "ingest/probe.h"
#include "ingest/source.h"
#include "log/log.h"
#include "process/ingest_hold.h"
#include "schedule/runner/task_executor.h"
#include "transform/mapper.h"

namespace sluice::cli {

// What `sluice run` lends its workflow's tasks. Everything must outlive the scheduler.
struct HostedPipeline {
  std::string config;  // the path `sluice run` was given
  PipelineParts* parts = nullptr;
  LogWriter* writer = nullptr;
  Source* source = nullptr;
  Mapper* mapper = nullptr;
  IngestProbe* probe = nullptr;
  std::mutex* ingest_lock = nullptr;  // the interval loop holds it around each of its runs
  IngestHold* hold = nullptr;         // the interval loop's backpressure, which tasks obey too
  ProcessorPause* processor = nullptr;
};

// Each blocks until done or `cancel`, writes what it did to `log`, and returns ok or why it
// failed. `config` is the pipeline config's path (used when `hosted` is null).
Status ingest_task(const std::string& config, const HostedPipeline* hosted,
                   schedule::AttemptLog& log, const std::atomic<bool>& cancel);
Status ensure_task(const std::string& config, const HostedPipeline* hosted,
                   schedule::AttemptLog& log);
Status wait_caught_up_task(const std::string& config, const HostedPipeline* hosted,
                           const WaitCaughtUpArgs& args, schedule::AttemptLog& log,
                           const std::atomic<bool>& cancel);
Status replay_task(const std::string& config, const HostedPipeline* hosted, const ReplayArgs& args,
                   schedule::AttemptLog& log, const std::atomic<bool>& cancel);

// The config at `path` as the commands load it; a ConfigException becomes kInvalidArgument
// with its every error.
Result<PipelineConfig> load_task_config(const std::string& path);

}  // namespace sluice::cli
