#include "serve/api/workflow_json.h"

#include "core/clock.h"
#include "schedule/date_text.h"

namespace sluice::api {
namespace {

Json time_or_null(std::optional<int64_t> ms) {
  return ms ? Json(format_iso8601_ms(*ms)) : Json(nullptr);
}

Json instant_or_null(std::optional<Instant> t) {
  return t ? Json(format_iso8601_ms(ms_of_instant(*t))) : Json(nullptr);
}

}  // namespace

Json workflow_json(const Workflow& workflow, const schedule::WorkflowStatus& status) {
  Json tasks = Json::array();
  for (const TaskSpec& task : workflow.tasks) {
    Json upstream = Json::array();
    for (size_t index : task.upstream)
      upstream.push_back(workflow.tasks[index].name);
    tasks.push_back({{"name", task.name},
                     {"kind", std::string(task_kind_name(task.kind))},
                     {"upstream", std::move(upstream)},
                     {"retries", task.retries},
                     {"trigger_rule", std::string(trigger_rule_name(task.trigger_rule))}});
  }
  Json last_run = nullptr;
  if (status.latest_run) {
    last_run = {{"run_id", status.latest_run->run_id},
                {"state", std::string(schedule::run_state_name(status.latest_run->state))},
                {"logical_date", format_iso8601_ms(status.latest_run->logical_date_ms)}};
  }
  return {{"name", workflow.name},
          {"description", workflow.description},
          {"schedule", workflow.schedule.text()},
          {"timezone", workflow.timezone.name()},
          {"is_paused", status.paused},
          {"paused_in_config", workflow.paused},
          {"catchup", workflow.catchup},
          {"max_active_runs", workflow.max_active_runs},
          {"start_date", instant_or_null(workflow.start_date)},
          {"end_date", instant_or_null(workflow.end_date)},
          {"params", workflow.params},
          {"tasks", std::move(tasks)},
          {"next_logical_date", instant_or_null(status.next_logical_date)},
          {"next_due_at", instant_or_null(status.next_due)},
          {"last_run", std::move(last_run)}};
}

Json run_json(const schedule::WorkflowRun& run) {
  return {{"run_id", run.run_id},
          {"workflow", run.workflow},
          {"run_type", std::string(schedule::run_kind_name(run.kind))},
          {"state", std::string(schedule::run_state_name(run.state))},
          {"logical_date", format_iso8601_ms(run.logical_date_ms)},
          {"data_interval_start", format_iso8601_ms(run.logical_date_ms)},
          {"data_interval_end", format_iso8601_ms(run.data_interval_end_ms)},
          {"params", run.params},
          {"created_at", format_iso8601_ms(run.created_ms)},
          {"start_date", time_or_null(run.started_ms)},
          {"end_date", time_or_null(run.ended_ms)}};
}

Json task_instance_json(const schedule::TaskInstance& instance, const TaskSpec* spec) {
  // The duration of the attempt that ended last: while a later one runs, there is none yet.
  Json duration = nullptr;
  if (instance.started_ms && instance.ended_ms && *instance.ended_ms >= *instance.started_ms &&
      instance.state != TaskState::kRunning) {
    duration = static_cast<double>(*instance.ended_ms - *instance.started_ms) / 1000.0;
  }
  return {{"task", instance.task},
          {"kind", spec != nullptr ? Json(std::string(task_kind_name(spec->kind))) : Json()},
          {"state", std::string(task_state_name(instance.state))},
          {"try_number", instance.attempt},
          {"max_tries", instance.max_attempts},
          {"start_date", time_or_null(instance.started_ms)},
          {"end_date", time_or_null(instance.ended_ms)},
          {"duration", std::move(duration)}};
}

std::string dump(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace sluice::api
