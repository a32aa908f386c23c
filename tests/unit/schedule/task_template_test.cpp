// Templated task arguments: each placeholder's value, params, and the errors.
#include "schedule/task_template.h"

#include <gtest/gtest.h>

#include <string>

#include "time_test_util.h"

namespace sluice {
namespace {

using testing::utc;
using testing::zone;

Workflow berlin_daily() {
  Workflow w;
  w.name = "nightly";
  w.schedule = *Schedule::parse("@daily");
  w.timezone = zone("Europe/Berlin");
  w.params = {{"table", "users"}, {"limit", "10"}};
  return w;
}

TaskSpec shell(const std::string& command) {
  TaskSpec t;
  t.name = "load";
  t.kind = TaskKind::kShell;
  t.shell.command = command;
  return t;
}

// The run for Sunday 2024-03-31 in Berlin: midnight CET is 23:00Z the day before; the next
// midnight is CEST, 22:00Z.
TemplateContext march_31(const Workflow& w) {
  return make_template_context(w, utc("2024-03-30T23:00:00Z"), "scheduled__2024-03-31", w.params);
}

std::string rendered(const std::string& command) {
  const Workflow w = berlin_daily();
  Result<TaskSpec> t = render_task(shell(command), march_31(w));
  EXPECT_TRUE(t.ok()) << t.status().to_string();
  return t.ok() ? t->shell.command : "";
}

TEST(TaskTemplate, DatesInTheWorkflowsZoneAndInUtc) {
  EXPECT_EQ(rendered("{{ ds }}"), "2024-03-31");
  EXPECT_EQ(rendered("{{ts}}"), "2024-03-31T00:00:00+01:00");
  EXPECT_EQ(rendered("{{ logical_date }}"), "2024-03-30T23:00:00Z");
  EXPECT_EQ(rendered("{{ data_interval_start }}"), "2024-03-30T23:00:00Z");
  EXPECT_EQ(rendered("{{ data_interval_end }}"), "2024-03-31T22:00:00Z");
}

TEST(TaskTemplate, RunIdParamsAndLiteralText) {
  EXPECT_EQ(rendered("load {{ params.table }} --limit={{ params.limit }} --run {{ run_id }}"),
            "load users --limit=10 --run scheduled__2024-03-31");
  // Single braces are shell's own and stay as written.
  EXPECT_EQ(rendered("for f in {a,b}; do echo ${f}; done"), "for f in {a,b}; do echo ${f}; done");
}

TEST(TaskTemplate, OverriddenParamsAreUsedAndUnknownOverridesRefused) {
  const Workflow w = berlin_daily();
  Result<std::map<std::string, std::string>> params = merge_params(w, {{"table", "orders"}});
  ASSERT_TRUE(params.ok());
  EXPECT_EQ(params->at("table"), "orders");
  EXPECT_EQ(params->at("limit"), "10");
  const TemplateContext c = make_template_context(w, utc("2024-03-30T23:00:00Z"), "r", *params);
  EXPECT_EQ(render_task(shell("{{ params.table }}"), c)->shell.command, "orders");
  Result<std::map<std::string, std::string>> typo = merge_params(w, {{"tabel", "x"}});
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.status().message(), "workflow \"nightly\" declares no param \"tabel\"");
}

TEST(TaskTemplate, UnknownPlaceholderNamesTaskAndArgument) {
  const Workflow w = berlin_daily();
  Result<TaskSpec> t = render_task(shell("echo {{ dss }}"), march_31(w));
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(),
            "task \"load\": command: unknown placeholder {{ dss }} (expected ds, ts, "
            "logical_date, data_interval_start, data_interval_end, run_id or params.NAME)");
  Result<TaskSpec> p = render_task(shell("{{ params.nope }}"), march_31(w));
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(),
            "task \"load\": command: unknown placeholder {{ params.nope }}: no param \"nope\" "
            "is declared");
}

TEST(TaskTemplate, HttpUrlBodyAndHeadersAreTemplated) {
  const Workflow w = berlin_daily();
  TaskSpec t;
  t.name = "notify";
  t.kind = TaskKind::kHttp;
  t.http.url = "http://127.0.0.1:9/done?date={{ ds }}";
  t.http.body = "{\"run\": \"{{ run_id }}\"}";
  t.http.headers = {{"X-Table", "{{ params.table }}"}};
  Result<TaskSpec> r = render_task(t, march_31(w));
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->http.url, "http://127.0.0.1:9/done?date=2024-03-31");
  EXPECT_EQ(r->http.body, "{\"run\": \"scheduled__2024-03-31\"}");
  EXPECT_EQ(r->http.headers.at("X-Table"), "users");
}

TEST(TaskTemplate, CheckFindsEveryBadArgument) {
  TaskSpec t;
  t.name = "notify";
  t.kind = TaskKind::kHttp;
  t.http.url = "http://x/{{ ds";
  t.http.headers = {{"X-A", "{{ params.missing }}"}, {"X-B", "{{ ds }}"}};
  const std::vector<TemplateProblem> problems = check_task_templates(t, {{"table", "users"}});
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].argument, "url");
  EXPECT_EQ(problems[0].message, "unclosed '{{' at column 10");
  EXPECT_EQ(problems[1].argument, "headers.X-A");
  EXPECT_TRUE(check_task_templates(shell("{{ params.table }}"), {{"table", "x"}}).empty());
}

}  // namespace
}  // namespace sluice
