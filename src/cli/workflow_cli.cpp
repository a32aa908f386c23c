#include "cli/workflow_cli.h"

#include <fmt/format.h>

#include <utility>

#include "cli/commands.h"
#include "cli/pipeline_compile.h"
#include "core/clock.h"
#include "schedule/ops/lookup.h"

namespace sluice::cli {
namespace {

// The command line's name for an operation's field: "--logical-date", "--param who"; "" for
// the positional TASK, which the message names already.
std::string flag_of(const std::string& field) {
  if (field.rfind("params.", 0) == 0) return "--param " + field.substr(7);
  if (field.rfind("tasks[", 0) == 0 || field == "task") return "";
  std::string flag = "--" + field;
  for (char& c : flag) {
    if (c == '_') c = '-';
  }
  return flag;
}

Status open_store(WorkflowSession* session) {
  const PipelineConfig& pipeline = session->loaded.pipeline;
  SLUICE_ASSIGN_OR_RETURN(session->store,
                          schedule::make_run_store(pipeline.scheduler, pipeline.data_dir));
  return session->store->open();
}

}  // namespace

Result<WorkflowSession> open_workflow_session(const std::string& config) {
  WorkflowSession session;
  session.loaded = load_pipeline_and_workflows(config);
  SLUICE_RETURN_IF_ERROR(open_store(&session));
  return session;
}

Result<const Workflow*> find_workflow(const WorkflowSession& session, const std::string& name) {
  return schedule::find_workflow(session.loaded.workflows, name);
}

Result<std::unique_ptr<ServedWorkflowApi>> mount_workflow_api(const std::string& config,
                                                              HttpServer& server) {
  auto served = std::make_unique<ServedWorkflowApi>();
  WorkflowSession& session = served->session;
  session.loaded = load_pipeline_and_workflows(config);
  if (!session.loaded.workflows.empty()) SLUICE_RETURN_IF_ERROR(open_store(&session));
  served->api = std::make_unique<api::WorkflowApi>(session.loaded.workflows, session.store.get(),
                                                   [] { return now_ms(); });
  const api::WorkflowApi* handler = served->api.get();
  server.mount(std::string(api::WorkflowApi::kPrefix),
               [handler](const HttpRequest& request) { return handler->handle(request); });
  return served;
}

int command_failed(const char* command, const Status& s, const schedule::Blame& blame) {
  const std::string flag = blame.field.empty() ? std::string() : flag_of(blame.field);
  if (flag.empty()) {
    fmt::print(stderr, "sluice {}: {}\n", command, s.message());
  } else {
    fmt::print(stderr, "sluice {}: {}: {}\n", command, flag, s.message());
  }
  const bool usage = s.code() == StatusCode::kNotFound || s.code() == StatusCode::kInvalidArgument;
  return usage ? kExitUsage : kExitFailure;
}

std::string format_time(std::optional<int64_t> ms) {
  return ms ? format_iso8601_ms(*ms) : "-";
}

}  // namespace sluice::cli
