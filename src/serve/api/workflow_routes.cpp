#include "serve/api/workflow_routes.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <optional>
#include <string>
#include <utility>

#include "core/clock.h"
#include "schedule/ops/clear_tasks.h"
#include "schedule/ops/lookup.h"
#include "schedule/ops/run_requests.h"
#include "schedule/ops/task_log.h"
#include "schedule/ops/workflow_status.h"
#include "serve/api/query_params.h"
#include "serve/api/request_body.h"
#include "serve/api/workflow_json.h"

namespace sluice::api {

// One request on its way: the path's segments below kPrefix, and what they name once resolved.
struct WorkflowApi::Call {
  Call(const HttpRequest& r, std::vector<std::string> s) : request(r), segments(std::move(s)) {}

  const HttpRequest& request;
  std::vector<std::string> segments;
  const Workflow* workflow = nullptr;
  std::optional<schedule::WorkflowRun> run;
  std::string task;
  std::optional<int> attempt;
};

// An endpoint: its path below kPrefix ("{name}", "{run_id}", "{task}" and "{attempt}" match
// one non-empty segment, anything else itself), its method and the query parameters it takes.
struct WorkflowApi::Route {
  std::vector<std::string_view> shape;
  std::string_view method;
  std::vector<std::string_view> query;
  HttpResponse (WorkflowApi::*answer)(Call&) const;
};

namespace {

constexpr int kDefaultLimit = 100;
constexpr int kMaxLimit = 1000;

HttpResponse json_response(int status, const Json& body) {
  HttpResponse res;
  res.status = status;
  res.body = dump(body);
  return res;
}

bool matches(const std::vector<std::string_view>& shape, const std::vector<std::string>& segments) {
  if (shape.size() != segments.size()) return false;
  for (size_t i = 0; i < shape.size(); ++i) {
    const bool placeholder = shape[i].front() == '{';
    if (placeholder ? segments[i].empty() : shape[i] != segments[i]) return false;
  }
  return true;
}

// The segments of `path` below the prefix, or nullopt when the path is not under it.
std::optional<std::vector<std::string>> segments_of(std::string_view path) {
  if (path.substr(0, WorkflowApi::kPrefix.size()) != WorkflowApi::kPrefix) return std::nullopt;
  path.remove_prefix(WorkflowApi::kPrefix.size());
  std::vector<std::string> segments;
  if (path.empty()) return segments;
  if (path.front() != '/') return std::nullopt;
  path.remove_prefix(1);
  while (true) {
    const size_t slash = path.find('/');
    segments.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

// Run ids hold ':' and '+': escaped in a Location header, so that no client reads a '+' as a
// space.
std::string escape_segment(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

// Text when the client asks for text/plain before (or without) application/json.
bool wants_text(const HttpRequest& request) {
  const std::string accept = request.header("accept");
  const size_t text = accept.find("text/plain");
  const size_t json = accept.find("application/json");
  return text != std::string::npos && (json == std::string::npos || text < json);
}

}  // namespace

WorkflowApi::WorkflowApi(const std::vector<Workflow>& workflows, schedule::RunStore* store,
                         Clock clock)
    : workflows_(workflows), store_(store), clock_(std::move(clock)) {}

const std::vector<WorkflowApi::Route>& WorkflowApi::routes() {
  static const std::vector<Route> kRoutes = {
      {{}, "GET", {"limit", "offset"}, &WorkflowApi::list_workflows},
      {{"{name}"}, "GET", {}, &WorkflowApi::get_workflow},
      {{"{name}"}, "PATCH", {}, &WorkflowApi::patch_workflow},
      {{"{name}", "runs"}, "GET", {"limit", "offset", "state"}, &WorkflowApi::list_runs},
      {{"{name}", "runs"}, "POST", {}, &WorkflowApi::post_run},
      {{"{name}", "runs", "{run_id}"}, "GET", {}, &WorkflowApi::get_run},
      {{"{name}", "runs", "{run_id}", "tasks"}, "GET", {}, &WorkflowApi::list_task_instances},
      {{"{name}", "runs", "{run_id}", "tasks", "{task}"},
       "GET",
       {},
       &WorkflowApi::get_task_instance},
      {{"{name}", "runs", "{run_id}", "tasks", "{task}", "logs", "{attempt}"},
       "GET",
       {},
       &WorkflowApi::get_log},
      {{"{name}", "runs", "{run_id}", "clear"}, "POST", {}, &WorkflowApi::clear},
      {{"{name}", "backfill"}, "POST", {}, &WorkflowApi::backfill},
  };
  return kRoutes;
}

std::vector<std::pair<std::string, std::string>> WorkflowApi::endpoints() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Route& route : routes()) {
    std::string path(kPrefix);
    for (std::string_view part : route.shape)
      path += "/" + std::string(part);
    out.emplace_back(route.method, std::move(path));
  }
  return out;
}

HttpResponse WorkflowApi::handle(const HttpRequest& request) const {
  if (workflows_.empty() || store_ == nullptr) {
    return api_error(404,
                     "the config declares no workflows, so there is nothing to serve under "
                     "/api/v1/workflows (docs/workflows.md says how to declare them)");
  }
  return dispatch(request);
}

HttpResponse WorkflowApi::dispatch(const HttpRequest& request) const {
  const auto no_endpoint = [&request] {
    return api_error(404, fmt::format("no endpoint {} {} (docs/api/openapi.yaml lists them)",
                                      request.method, request.path));
  };
  auto segments = segments_of(request.path);
  if (!segments) return no_endpoint();
  std::vector<std::string_view> allowed;
  const Route* chosen = nullptr;
  // HEAD is a GET without the body (the server drops it).
  std::string_view method = request.method;
  if (method == "HEAD") method = "GET";
  for (const Route& route : routes()) {
    if (!matches(route.shape, *segments)) continue;
    allowed.push_back(route.method);
    if (route.method == method) chosen = &route;
  }
  if (allowed.empty()) return no_endpoint();
  if (std::find(allowed.begin(), allowed.end(), "GET") != allowed.end()) allowed.push_back("HEAD");
  allowed.push_back("OPTIONS");
  const std::string allow = fmt::format("{}", fmt::join(allowed, ", "));
  if (method == "OPTIONS") {
    HttpResponse res;
    res.status = 204;
    res.content_type = "text/plain";
    res.headers.emplace_back("Allow", allow);
    return res;
  }
  if (chosen == nullptr) {
    HttpResponse res = api_error(405, fmt::format("{} does not take {} (it takes: {})",
                                                  request.path, request.method, allow));
    res.headers.emplace_back("Allow", allow);
    return res;
  }
  Call call(request, std::move(*segments));
  if (Check refused = only_query(request, chosen->query)) return respond(*refused);
  if (Check refused = resolve(*chosen, call)) return respond(*refused);
  return (this->*(chosen->answer))(call);
}

Check WorkflowApi::resolve(const Route& route, Call& call) const {
  for (size_t i = 0; i < route.shape.size(); ++i) {
    const std::string_view part = route.shape[i];
    const std::string& text = call.segments[i];
    if (part == "{name}") {
      auto w = schedule::find_workflow(workflows_, text);
      if (!w.ok()) return failure_of(w.status(), {"name"});
      call.workflow = *w;
    } else if (part == "{run_id}") {
      auto run = schedule::find_run(*store_, call.workflow->name, text);
      if (!run.ok()) return failure_of(run.status(), {"run_id"});
      call.run = std::move(*run);
    } else if (part == "{task}") {
      auto task = schedule::find_task(*call.workflow, text);
      if (!task.ok()) return failure_of(task.status(), {"task"});
      call.task = text;
    } else if (part == "{attempt}") {
      int attempt = 0;
      if (Check bad = parse_int(text, "attempt", 1, INT_MAX, &attempt)) return bad;
      call.attempt = attempt;
    }
  }
  return std::nullopt;
}

// ---- Workflows ----

HttpResponse WorkflowApi::list_workflows(Call& call) const {
  int limit = kDefaultLimit;
  int offset = 0;
  if (Check bad = read_int_param(call.request, "limit", 1, kMaxLimit, &limit)) return respond(*bad);
  if (Check bad = read_int_param(call.request, "offset", 0, INT_MAX, &offset)) {
    return respond(*bad);
  }
  Json items = Json::array();
  for (size_t i = offset; i < workflows_.size() && items.size() < static_cast<size_t>(limit); ++i) {
    auto status = schedule::workflow_status(*store_, workflows_[i], clock_());
    if (!status.ok()) return respond(failure_of(status.status()));
    items.push_back(workflow_json(workflows_[i], *status));
  }
  return json_response(200,
                       {{"workflows", std::move(items)}, {"total_entries", workflows_.size()}});
}

HttpResponse WorkflowApi::get_workflow(Call& call) const {
  auto status = schedule::workflow_status(*store_, *call.workflow, clock_());
  if (!status.ok()) return respond(failure_of(status.status()));
  return json_response(200, workflow_json(*call.workflow, *status));
}

HttpResponse WorkflowApi::patch_workflow(Call& call) const {
  nlohmann::json body;
  std::optional<bool> paused;
  if (Check bad = parse_body(call.request.body, &body)) return respond(*bad);
  if (Check bad = only_fields(body, {"is_paused"})) return respond(*bad);
  if (Check bad = read_bool(body, "is_paused", &paused)) return respond(*bad);
  if (!paused) return respond(bad_field("is_paused", "is_paused is required (true or false)"));
  Status s = schedule::set_workflow_paused(*store_, *call.workflow, *paused, clock_());
  if (!s.ok()) return respond(failure_of(s));
  return get_workflow(call);
}

// ---- Runs ----

HttpResponse WorkflowApi::list_runs(Call& call) const {
  int limit = kDefaultLimit;
  int offset = 0;
  std::optional<schedule::RunState> state;
  if (Check bad = read_int_param(call.request, "limit", 1, kMaxLimit, &limit)) return respond(*bad);
  if (Check bad = read_int_param(call.request, "offset", 0, INT_MAX, &offset)) {
    return respond(*bad);
  }
  if (auto it = call.request.query.find("state"); it != call.request.query.end()) {
    state = schedule::parse_run_state(it->second);
    if (!state) {
      return respond(bad_field("state", fmt::format("state must be one of queued, running, "
                                                    "success, failed, not \"{}\"",
                                                    it->second)));
    }
  }
  auto page = store_->query_runs(call.workflow->name, state, limit, offset);
  if (!page.ok()) return respond(failure_of(page.status()));
  Json runs = Json::array();
  for (const auto& run : page->runs)
    runs.push_back(run_json(run));
  return json_response(200, {{"runs", std::move(runs)}, {"total_entries", page->total}});
}

HttpResponse WorkflowApi::post_run(Call& call) const {
  nlohmann::json body;
  schedule::TriggerRequest request;
  if (Check bad = parse_body(call.request.body, &body)) return respond(*bad);
  if (Check bad = only_fields(body, {"logical_date", "params"})) return respond(*bad);
  if (Check bad = read_string(body, "logical_date", &request.logical_date)) return respond(*bad);
  if (Check bad = read_string_map(body, "params", &request.params)) return respond(*bad);
  schedule::Blame blame;
  auto made = schedule::trigger_run(*store_, *call.workflow, request, clock_(), &blame);
  if (!made.ok()) return respond(failure_of(made.status(), blame));
  if (!made->created) {
    return respond({409,
                    fmt::format("workflow \"{}\" already has a run for logical date {}: {}",
                                call.workflow->name, format_iso8601_ms(made->run.logical_date_ms),
                                made->run.run_id),
                    "logical_date"});
  }
  HttpResponse res = json_response(201, run_json(made->run));
  res.headers.emplace_back(
      "Location", fmt::format("{}/{}/runs/{}", kPrefix, escape_segment(call.workflow->name),
                              escape_segment(made->run.run_id)));
  return res;
}

HttpResponse WorkflowApi::get_run(Call& call) const {
  return json_response(200, run_json(*call.run));
}

HttpResponse WorkflowApi::backfill(Call& call) const {
  nlohmann::json body;
  std::optional<std::string> from;
  std::optional<std::string> to;
  if (Check bad = parse_body(call.request.body, &body)) return respond(*bad);
  if (Check bad = only_fields(body, {"from", "to"})) return respond(*bad);
  if (Check bad = read_string(body, "from", &from)) return respond(*bad);
  if (Check bad = read_string(body, "to", &to)) return respond(*bad);
  if (!from) return respond(bad_field("from", "from is required (the first logical date)"));
  if (!to) return respond(bad_field("to", "to is required (the last logical date)"));
  schedule::Blame blame;
  auto made = schedule::backfill_runs(*store_, *call.workflow, {*from, *to}, clock_(), &blame);
  if (!made.ok()) return respond(failure_of(made.status(), blame));
  Json runs = Json::array();
  int created = 0;
  for (const auto& run : *made) {
    Json item = run_json(run.run);
    item["created"] = run.created;
    created += run.created ? 1 : 0;
    runs.push_back(std::move(item));
  }
  return json_response(
      200, {{"runs", std::move(runs)}, {"created", created}, {"total_entries", made->size()}});
}

// ---- Task instances ----

HttpResponse WorkflowApi::list_task_instances(Call& call) const {
  auto instances = store_->task_instances(call.run->id);
  if (!instances.ok()) return respond(failure_of(instances.status()));
  Json items = Json::array();
  for (const auto& instance : *instances) {
    auto index = call.workflow->task_index(instance.task);
    items.push_back(task_instance_json(instance, index ? &call.workflow->tasks[*index] : nullptr));
  }
  return json_response(
      200, {{"task_instances", std::move(items)}, {"total_entries", instances->size()}});
}

HttpResponse WorkflowApi::get_task_instance(Call& call) const {
  auto instance = store_->task_instance(call.run->id, call.task);
  if (!instance.ok()) return respond(failure_of(instance.status(), {"task"}));
  auto attempts = store_->log_attempts(call.run->id, call.task);
  if (!attempts.ok()) return respond(failure_of(attempts.status()));
  Json item =
      task_instance_json(*instance, &call.workflow->tasks[*call.workflow->task_index(call.task)]);
  item["log_attempts"] = *attempts;
  return json_response(200, item);
}

HttpResponse WorkflowApi::get_log(Call& call) const {
  schedule::Blame blame;
  auto log = schedule::read_attempt_log(*store_, *call.workflow, *call.run, call.task, call.attempt,
                                        &blame);
  if (!log.ok()) return respond(failure_of(log.status(), blame));
  if (wants_text(call.request)) {
    HttpResponse res;
    res.content_type = "text/plain; charset=utf-8";
    res.body = log->text;
    return res;
  }
  return json_response(200, {{"run_id", call.run->run_id},
                             {"task", call.task},
                             {"attempt", log->attempt},
                             {"content", log->text},
                             {"log_attempts", log->attempts}});
}

HttpResponse WorkflowApi::clear(Call& call) const {
  nlohmann::json body;
  schedule::ClearRequest request;
  std::optional<bool> downstream;
  if (Check bad = parse_body(call.request.body, &body)) return respond(*bad);
  if (Check bad = only_fields(body, {"tasks", "downstream"})) return respond(*bad);
  if (Check bad = read_string_list(body, "tasks", &request.tasks)) return respond(*bad);
  if (Check bad = read_bool(body, "downstream", &downstream)) return respond(*bad);
  if (body.contains("tasks") && request.tasks.empty() && !body["tasks"].is_null()) {
    return respond(bad_field("tasks",
                             "tasks is empty: name a task, or leave tasks out to "
                             "clear every task of the run"));
  }
  request.downstream = downstream.value_or(false);
  schedule::Blame blame;
  auto cleared =
      schedule::clear_tasks(*store_, *call.workflow, *call.run, request, clock_(), &blame);
  if (!cleared.ok()) return respond(failure_of(cleared.status(), blame));
  auto run = store_->get_run(call.run->id);
  if (!run.ok()) return respond(failure_of(run.status()));
  return json_response(
      200, {{"cleared", cleared->reset}, {"tasks", cleared->tasks}, {"run", run_json(*run)}});
}

}  // namespace sluice::api
