// The workflow REST API request by request (handle(), no socket): what each endpoint answers,
// and the 4xx each kind of bad request gets, naming its field.
#include <gtest/gtest.h>

#include "workflow_api_test_util.h"

namespace sluice::testing {
namespace {

using nlohmann::json;

TEST_F(WorkflowApiTest, ListsWorkflowsWithTasksAndWhatIsNext) {
  HttpResponse res = call("GET", "");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.content_type, "application/json");
  const json body = json_of(res);
  EXPECT_EQ(body["total_entries"], 2);
  const json& greet = body["workflows"][0];
  EXPECT_EQ(greet["name"], "greet");
  EXPECT_EQ(greet["description"], "says hello");
  EXPECT_EQ(greet["schedule"], "none");
  EXPECT_EQ(greet["timezone"], "UTC");
  EXPECT_EQ(greet["is_paused"], false);
  EXPECT_EQ(greet["params"], json({{"who", "world"}}));
  EXPECT_EQ(greet["tasks"][1], json({{"name", "bye"},
                                     {"kind", "shell"},
                                     {"upstream", {"hello"}},
                                     {"retries", 0},
                                     {"trigger_rule", "all_success"}}));
  EXPECT_EQ(greet["tasks"][2]["kind"], "http");
  EXPECT_TRUE(greet["next_due_at"].is_null());
  EXPECT_TRUE(greet["last_run"].is_null());
  const json& hourly = body["workflows"][1];
  EXPECT_EQ(hourly["next_logical_date"], "2024-01-01T00:00:00.000Z");
  EXPECT_EQ(hourly["next_due_at"], "2024-01-01T01:00:00.000Z");

  const json page = json_of(call("GET", "", "", {{"limit", "1"}, {"offset", "1"}}));
  ASSERT_EQ(page["workflows"].size(), 1U);
  EXPECT_EQ(page["workflows"][0]["name"], "hourly");
  EXPECT_EQ(page["total_entries"], 2);
}

TEST_F(WorkflowApiTest, UnknownNamesAre404ListingTheValidOnes) {
  std::string detail = expect_error(call("GET", "/nope"), 404, "name");
  EXPECT_EQ(detail, "unknown workflow \"nope\" (the config declares: greet, hourly)");
  detail = expect_error(call("GET", "/greet/runs/manual__x"), 404, "run_id");
  EXPECT_EQ(detail, "workflow \"greet\" has no run \"manual__x\": it has no runs yet");
  ASSERT_EQ(call("POST", "/greet/runs", R"({"logical_date": "2024-03-01"})").status, 201);
  const std::string run = "/greet/runs/manual__2024-03-01T00:00:00+00:00";
  detail = expect_error(call("GET", run + "/tasks/nope"), 404, "task");
  EXPECT_EQ(detail, "workflow \"greet\" has no task \"nope\" (its tasks: hello, bye, other)");
  detail = expect_error(call("GET", "/greet/runs/x"), 404, "run_id");
  EXPECT_EQ(detail,
            "workflow \"greet\" has no run \"x\" (latest: manual__2024-03-01T00:00:00+00:00)");
}

TEST_F(WorkflowApiTest, WrongMethodIs405WithAllowAndUnknownPathsAre404) {
  HttpResponse res = call("DELETE", "/greet");
  expect_error(res, 405, "");
  ASSERT_EQ(res.headers.size(), 1U);
  EXPECT_EQ(res.headers[0],
            std::make_pair(std::string("Allow"), std::string("GET, PATCH, HEAD, OPTIONS")));
  expect_error(call("PUT", "/greet/runs"), 405, "");
  HttpResponse options = call("OPTIONS", "/greet/runs");
  EXPECT_EQ(options.status, 204);
  EXPECT_EQ(options.headers[0].second, "GET, POST, HEAD, OPTIONS");
  EXPECT_EQ(call("HEAD", "/greet").status, 200);
  const std::string detail = expect_error(call("GET", "/greet/nothing"), 404, "");
  EXPECT_EQ(detail,
            "no endpoint GET /api/v1/workflows/greet/nothing (docs/api/openapi.yaml "
            "lists them)");
  expect_error(call("GET", "/greet/"), 404, "");
}

TEST_F(WorkflowApiTest, TriggerCreatesARunOnceThenConflicts) {
  HttpResponse res =
      call("POST", "/greet/runs", R"({"logical_date": "2024-03-01", "params": {"who": "api"}})");
  ASSERT_EQ(res.status, 201) << res.body;
  const json run = json_of(res);
  EXPECT_EQ(run["run_id"], "manual__2024-03-01T00:00:00+00:00");
  EXPECT_EQ(run["workflow"], "greet");
  EXPECT_EQ(run["run_type"], "manual");
  EXPECT_EQ(run["state"], "queued");
  EXPECT_EQ(run["logical_date"], "2024-03-01T00:00:00.000Z");
  EXPECT_EQ(run["params"], json({{"who", "api"}}));
  EXPECT_TRUE(run["start_date"].is_null());
  ASSERT_EQ(res.headers.size(), 1U);
  EXPECT_EQ(res.headers[0].second,
            "/api/v1/workflows/greet/runs/manual__2024-03-01T00%3A00%3A00%2B00%3A00");

  const std::string detail =
      expect_error(call("POST", "/greet/runs", R"({"logical_date": "2024-03-01T00:00:00Z"})"), 409,
                   "logical_date");
  EXPECT_EQ(detail,
            "workflow \"greet\" already has a run for logical date "
            "2024-03-01T00:00:00.000Z: manual__2024-03-01T00:00:00+00:00");

  // No logical date: now, to the second.
  res = call("POST", "/greet/runs");
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_EQ(json_of(res)["run_id"], "manual__2024-01-01T01:30:00+00:00");
  EXPECT_EQ(json_of(res)["params"], json({{"who", "world"}}));
}

TEST_F(WorkflowApiTest, BadTriggerRequestsNameTheirField) {
  struct Case {
    const char* body;
    int status;
    const char* field;
    const char* detail_part;
  };
  const Case cases[] = {
      {R"({"params": {"whom": "x"}})", 400, "params.whom",
       "workflow \"greet\" declares no param \"whom\" (it declares: who)"},
      {R"({"params": {"who": 1}})", 400, "params.who", "params.who must be a string"},
      {R"({"params": ["who"]})", 400, "params", "params must be an object of strings"},
      {R"({"logical_date": "yesterday"})", 400, "logical_date", "yesterday"},
      {R"({"logical_date": 20240301})", 400, "logical_date", "must be a string, not a number"},
      {R"({"conf": {}})", 400, "conf", "unknown field \"conf\""},
      {R"({"logical_date": )", 400, "", "malformed JSON at byte"},
      {R"("2024-03-01")", 400, "", "must be a JSON object, not a string"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.body);
    const std::string detail = expect_error(call("POST", "/greet/runs", c.body), c.status, c.field);
    EXPECT_NE(detail.find(c.detail_part), std::string::npos) << detail;
  }
  EXPECT_EQ(json_of(call("GET", "/greet/runs"))["total_entries"], 0) << "a refusal made a run";
  expect_error(call("POST", "/greet/runs", std::string(70000, ' ')), 413, "");
}

TEST_F(WorkflowApiTest, BackfillListsItsRunsAndRunsPageNewestFirst) {
  HttpResponse res = call("POST", "/hourly/backfill",
                          R"({"from": "2024-01-01T00:00Z", "to": "2024-01-01T05:00Z"})");
  ASSERT_EQ(res.status, 200) << res.body;
  json body = json_of(res);
  EXPECT_EQ(body["created"], 6);
  EXPECT_EQ(body["total_entries"], 6);
  EXPECT_EQ(body["runs"][0]["run_id"], "backfill__2024-01-01T00:00:00+00:00");
  EXPECT_EQ(body["runs"][0]["created"], true);
  EXPECT_EQ(body["runs"][5]["data_interval_end"], "2024-01-01T06:00:00.000Z");
  body = json_of(call("POST", "/hourly/backfill",
                      R"({"from": "2024-01-01T04:00Z", "to": "2024-01-01T06:00Z"})"));
  EXPECT_EQ(body["created"], 1);
  EXPECT_EQ(body["runs"][0]["created"], false);

  body = json_of(call("GET", "/hourly/runs", "", {{"limit", "2"}, {"offset", "1"}}));
  EXPECT_EQ(body["total_entries"], 7);
  ASSERT_EQ(body["runs"].size(), 2U);
  EXPECT_EQ(body["runs"][0]["logical_date"], "2024-01-01T05:00:00.000Z");
  body = json_of(call("GET", "/hourly/runs", "", {{"state", "failed"}}));
  EXPECT_EQ(body["total_entries"], 0);
  EXPECT_EQ(json_of(call("GET", "/hourly"))["last_run"]["run_id"],
            "backfill__2024-01-01T06:00:00+00:00");

  EXPECT_EQ(expect_error(call("GET", "/hourly/runs", "", {{"state", "done"}}), 400, "state"),
            "state must be one of queued, running, success, failed, not \"done\"");
  expect_error(call("GET", "/hourly/runs", "", {{"limit", "0"}}), 400, "limit");
  expect_error(call("GET", "/hourly/runs", "", {{"offset", "-1"}}), 400, "offset");
  expect_error(call("GET", "/hourly/runs", "", {{"order_by", "x"}}), 400, "order_by");
}

TEST_F(WorkflowApiTest, BadBackfillRequestsNameTheirField) {
  expect_error(call("POST", "/hourly/backfill", R"({"to": "2024-01-02"})"), 400, "from");
  expect_error(call("POST", "/hourly/backfill", R"({"from": "2024-01-02"})"), 400, "to");
  expect_error(call("POST", "/hourly/backfill", R"({"from": "x", "to": "2024-01-02"})"), 400,
               "from");
  EXPECT_EQ(expect_error(
                call("POST", "/hourly/backfill", R"({"from": "2024-01-02", "to": "2024-01-01"})"),
                400, "to"),
            "2024-01-01 is before from (2024-01-02)");
  EXPECT_NE(expect_error(
                call("POST", "/hourly/backfill", R"({"from": "2000-01-01", "to": "2024-01-01"})"),
                400, "to")
                .find("more than 10000 logical dates"),
            std::string::npos);
  EXPECT_NE(
      expect_error(call("POST", "/greet/backfill", R"({"from": "2024-01-01", "to": "2024-01-02"})"),
                   400, "")
          .find("has no schedule to backfill"),
      std::string::npos);
  EXPECT_EQ(json_of(call("GET", "/hourly/runs"))["total_entries"], 0) << "a refusal made runs";
}

TEST_F(WorkflowApiTest, TaskInstancesAndTheirLogs) {
  ASSERT_EQ(call("POST", "/greet/runs", R"({"logical_date": "2024-03-01"})").status, 201);
  const std::string run = "/greet/runs/manual__2024-03-01T00:00:00+00:00";
  auto stored = store_->find_run("greet", "manual__2024-03-01T00:00:00+00:00");
  ASSERT_TRUE(stored.ok());
  ASSERT_TRUE(store_->append_log(stored->id, "hello", 1, "hello world\n").ok());
  ASSERT_TRUE(store_->append_log(stored->id, "hello", 2, "again\n").ok());

  json body = json_of(call("GET", run + "/tasks"));
  EXPECT_EQ(body["total_entries"], 3);
  EXPECT_EQ(body["task_instances"][0]["task"], "hello");
  EXPECT_EQ(body["task_instances"][0]["state"], "queued") << "no upstream task: queued at once";
  EXPECT_EQ(body["task_instances"][0]["try_number"], 0);
  EXPECT_EQ(body["task_instances"][0]["max_tries"], 1);
  EXPECT_TRUE(body["task_instances"][0]["duration"].is_null());
  body = json_of(call("GET", run + "/tasks/hello"));
  EXPECT_EQ(body["kind"], "shell");
  EXPECT_EQ(body["log_attempts"], json({1, 2}));

  body = json_of(call("GET", run + "/tasks/hello/logs/1"));
  EXPECT_EQ(body["content"], "hello world\n");
  EXPECT_EQ(body["attempt"], 1);
  HttpResponse text = call("GET", run + "/tasks/hello/logs/2", "", {}, {{"accept", "text/plain"}});
  EXPECT_EQ(text.status, 200);
  EXPECT_EQ(text.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(text.body, "again\n");

  EXPECT_EQ(expect_error(call("GET", run + "/tasks/hello/logs/3"), 404, "attempt"),
            "task \"hello\" of run manual__2024-03-01T00:00:00+00:00 has no log of attempt 3 "
            "(attempts with a log: 1, 2)");
  expect_error(call("GET", run + "/tasks/hello/logs/0"), 400, "attempt");
  expect_error(call("GET", run + "/tasks/hello/logs/first"), 400, "attempt");
  expect_error(call("GET", run + "/tasks/bye/logs/1"), 404, "");
}

TEST_F(WorkflowApiTest, ClearResetsTheNamedTasksAndWhatComesAfter) {
  ASSERT_EQ(call("POST", "/greet/runs", R"({"logical_date": "2024-03-01"})").status, 201);
  const std::string run = "/greet/runs/manual__2024-03-01T00:00:00+00:00";
  HttpResponse res = call("POST", run + "/clear", R"({"tasks": ["hello"], "downstream": true})");
  ASSERT_EQ(res.status, 200) << res.body;
  json body = json_of(res);
  EXPECT_EQ(body["tasks"], json({"hello", "bye"}));
  EXPECT_EQ(body["cleared"], 2);
  EXPECT_EQ(body["run"]["state"], "queued");
  body = json_of(call("POST", run + "/clear", R"({"tasks": ["bye"]})"));
  EXPECT_EQ(body["tasks"], json({"bye"}));
  body = json_of(call("POST", run + "/clear"));
  EXPECT_EQ(body["tasks"], json({"hello", "bye", "other"})) << "no tasks: every task";

  EXPECT_EQ(expect_error(call("POST", run + "/clear", R"({"tasks": ["hello", "nope"]})"), 404,
                         "tasks[1]"),
            "workflow \"greet\" has no task \"nope\" (its tasks: hello, bye, other)");
  expect_error(call("POST", run + "/clear", R"({"tasks": []})"), 400, "tasks");
  expect_error(call("POST", run + "/clear", R"({"tasks": "hello"})"), 400, "tasks");
  expect_error(call("POST", run + "/clear", R"({"downstream": 1})"), 400, "downstream");
  expect_error(call("POST", run + "/clear", R"({"only_failed": true})"), 400, "only_failed");
}

TEST_F(WorkflowApiTest, PatchPausesAndTheStoreFlagIsWhatShows) {
  HttpResponse res = call("PATCH", "/greet", R"({"is_paused": true})");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(json_of(res)["is_paused"], true);
  EXPECT_EQ(json_of(res)["paused_in_config"], false);
  EXPECT_EQ(*store_->paused("greet"), std::optional<bool>(true));
  EXPECT_EQ(json_of(call("GET", "/greet"))["is_paused"], true);
  EXPECT_EQ(json_of(call("PATCH", "/greet", R"({"is_paused": false})"))["is_paused"], false);

  expect_error(call("PATCH", "/greet", "{}"), 400, "is_paused");
  expect_error(call("PATCH", "/greet", R"({"is_paused": "true"})"), 400, "is_paused");
  expect_error(call("PATCH", "/greet", R"({"is_paused": true, "x": 1})"), 400, "x");
  expect_error(call("PATCH", "/nope", R"({"is_paused": true})"), 404, "name");
}

TEST(WorkflowApiWithoutWorkflows, AnswersEverything404SayingSo) {
  const std::vector<Workflow> none;
  api::WorkflowApi api(none, nullptr, [] { return kApiT0; });
  for (const char* path : {"/api/v1/workflows", "/api/v1/workflows/x/runs"}) {
    HttpRequest request;
    request.method = "GET";
    request.path = path;
    const std::string detail = expect_error(api.handle(request), 404, "");
    EXPECT_NE(detail.find("the config declares no workflows"), std::string::npos) << detail;
  }
}

}  // namespace
}  // namespace sluice::testing
