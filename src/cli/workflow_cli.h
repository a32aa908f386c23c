// What the workflow commands (scheduler, workflows, trigger, backfill, runs, task-log, pause,
// unpause, clear) share: the config with its workflows, its run store opened, and lookups whose
// errors name what would have been valid.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "core/status.h"
#include "schedule/store/run_store.h"
#include "schedule/workflow_loader.h"

namespace sluice::cli {

struct WorkflowSession {
  LoadedConfig loaded;
  std::unique_ptr<schedule::RunStore> store;  // opened
};

// Loads the config (ConfigException: exit 2) and opens its run store (an error: exit 1).
Result<WorkflowSession> open_workflow_session(const std::string& config);

// The workflow named `name`; kNotFound listing the config's workflows.
Result<const Workflow*> find_workflow(const LoadedConfig& loaded, const std::string& name);
// The run of `workflow` whose run id is `run_id`; kNotFound naming the latest run ids.
Result<schedule::WorkflowRun> find_run(schedule::RunStore& store, const std::string& workflow,
                                       const std::string& run_id);
// The task named `task` of `workflow`; kNotFound listing its tasks.
Result<size_t> find_task(const Workflow& workflow, const std::string& task);

struct HostedPipeline;

// The scheduler role (`sluice scheduler`, and a thread of `sluice run`): runs the config's
// workflows until `stop`, then lets attempts in flight end. Pipeline tasks act on `hosted`
// (what `sluice run` has open) when they name its config, else open what they need per
// attempt; `hosted` may be null. kExitOk, or kExitFailure when the run store cannot be opened.
int run_scheduler(const std::string& config, int parallelism, const std::atomic<bool>& stop,
                  const HostedPipeline* hosted = nullptr);

// Prints "sluice COMMAND: message" to stderr and returns the exit code: kExitUsage for a name
// that does not exist or an argument that is wrong (kNotFound, kInvalidArgument), else
// kExitFailure.
int command_failed(const char* command, const Status& s);

// "2024-01-01T00:00:00Z" for a time in ms, "-" for none.
std::string format_time(std::optional<int64_t> ms);

}  // namespace sluice::cli
