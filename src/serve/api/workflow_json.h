// The REST API's resources as JSON (docs/api/openapi.yaml, "components/schemas"): a workflow
// with its status, a run, a task instance. Times are ISO 8601 UTC with milliseconds
// ("2024-03-01T00:00:00.000Z"), null when there is none yet.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "schedule/ops/workflow_status.h"
#include "schedule/store/run_store.h"
#include "schedule/workflow.h"

namespace sluice::api {

using Json = nlohmann::ordered_json;

Json workflow_json(const Workflow& workflow, const schedule::WorkflowStatus& status);
Json run_json(const schedule::WorkflowRun& run);
// `spec`: the task as the workflow declares it (its kind); null when the workflow no longer
// has it (a run made before the config changed).
Json task_instance_json(const schedule::TaskInstance& instance, const TaskSpec* spec);

// The body of a JSON answer: compact, and bytes that are not UTF-8 (a shell task's output, a
// name in a request) as U+FFFD instead of an exception.
std::string dump(const Json& json);

}  // namespace sluice::api
