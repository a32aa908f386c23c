// What the workflow commands (scheduler, workflows, trigger, backfill, runs, task-log, pause,
// unpause, clear) share: the config with its workflows, its run store opened, how an
// operation's error names the flag at fault, and the REST API that `sluice run` and `sluice
// scheduler` serve. The operations themselves live in schedule/ops/, shared with the API.
#pragma once

#include <prometheus/registry.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "core/status.h"
#include "schedule/ops/blame.h"
#include "schedule/store/run_store.h"
#include "schedule/workflow_loader.h"
#include "serve/api/workflow_routes.h"
#include "serve/http_server.h"

namespace sluice::cli {

struct WorkflowSession {
  LoadedConfig loaded;
  std::unique_ptr<schedule::RunStore> store;  // opened
};

// Loads the config (ConfigException: exit 2) and opens its run store (an error: exit 1).
Result<WorkflowSession> open_workflow_session(const std::string& config);

// The workflow named `name` of the session's config; kNotFound listing the config's workflows.
Result<const Workflow*> find_workflow(const WorkflowSession& session, const std::string& name);

struct HostedPipeline;

// The scheduler role (`sluice scheduler`, and a thread of `sluice run`): runs the config's
// workflows until `stop`, then lets attempts in flight end. Its metrics (scheduler_probe.h) go
// to `registry` (the one the role's HTTP server serves; null: none). Pipeline tasks act on
// `hosted` (what `sluice run` has open) when they name its config, else open what they need per
// attempt; `hosted` may be null. kExitOk, or kExitFailure when the run store cannot be opened.
int run_scheduler(const std::string& config, int parallelism, const std::atomic<bool>& stop,
                  const std::shared_ptr<prometheus::Registry>& registry,
                  const HostedPipeline* hosted = nullptr);

// The workflow REST API as a command serves it: the config's workflows over a run store of
// their own, so that requests never wait behind the scheduler loop's calls on its connection.
struct ServedWorkflowApi {
  WorkflowSession session;  // no store when the config declares no workflows
  std::unique_ptr<api::WorkflowApi> api;
};
// Mounts the API of `config`'s workflows on `server` (before its start()). Without workflows
// it answers 404 saying so, and opens no store. The answer must outlive the server's serving.
Result<std::unique_ptr<ServedWorkflowApi>> mount_workflow_api(const std::string& config,
                                                              HttpServer& server);

// Prints "sluice COMMAND: message" to stderr and returns the exit code: kExitUsage for a name
// that does not exist or an argument that is wrong (kNotFound, kInvalidArgument), else
// kExitFailure. With a blame, the message starts with the flag or argument at fault
// ("--logical-date: ...").
int command_failed(const char* command, const Status& s, const schedule::Blame& blame = {});

// "2024-01-01T00:00:00Z" for a time in ms, "-" for none.
std::string format_time(std::optional<int64_t> ms);

}  // namespace sluice::cli
