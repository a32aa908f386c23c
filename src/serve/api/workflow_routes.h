// WorkflowApi: the REST API over a config's workflows and their run store, under
// /api/v1/workflows (docs/api/openapi.yaml; docs/workflows.md, "REST API"), shaped like
// Airflow's stable REST API where that fits. Every change is the operation the CLI runs
// (schedule/ops/), so the two cannot drift. A request that is wrong gets a 4xx JSON error
// naming the field at fault (serve/api_error.h); only a run store that fails answers 5xx.
//
// Mounted on HttpServer at kPrefix by `sluice run` and `sluice scheduler`. handle() is
// thread-safe (the run store serialises its calls); the workflows and the store must outlive
// the API.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "schedule/store/run_store.h"
#include "schedule/workflow.h"
#include "serve/api/api_failure.h"
#include "serve/http_handler.h"

namespace sluice::api {

class WorkflowApi {
 public:
  using Clock = std::function<int64_t()>;  // now, in ms since the epoch
  static constexpr std::string_view kPrefix = "/api/v1/workflows";

  // `store` is opened; it may be null when `workflows` is empty, and then every request is
  // answered 404 saying that the config declares no workflows.
  WorkflowApi(const std::vector<Workflow>& workflows, schedule::RunStore* store, Clock clock);

  HttpResponse handle(const HttpRequest& request) const;

  // Every endpoint as (method, path template): ("GET", "/api/v1/workflows/{name}/runs"). What
  // docs/api/openapi.yaml must document (a unit test holds it to that).
  static std::vector<std::pair<std::string, std::string>> endpoints();

  struct Call;
  struct Route;

 private:
  HttpResponse list_workflows(Call& call) const;
  HttpResponse get_workflow(Call& call) const;
  HttpResponse patch_workflow(Call& call) const;
  HttpResponse list_runs(Call& call) const;
  HttpResponse post_run(Call& call) const;
  HttpResponse get_run(Call& call) const;
  HttpResponse list_task_instances(Call& call) const;
  HttpResponse get_task_instance(Call& call) const;
  HttpResponse get_log(Call& call) const;
  HttpResponse clear(Call& call) const;
  HttpResponse backfill(Call& call) const;

  static const std::vector<Route>& routes();
  HttpResponse dispatch(const HttpRequest& request) const;
  // Looks up the path's workflow, run and task, and reads its attempt, into `call`.
  Check resolve(const Route& route, Call& call) const;

  const std::vector<Workflow>& workflows_;
  schedule::RunStore* store_;
  Clock clock_;
};

}  // namespace sluice::api
