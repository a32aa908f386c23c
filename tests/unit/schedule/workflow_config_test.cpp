// Loading workflows from the pipeline config: what a full declaration yields, and the error
// (file, line, key naming workflow and task) each kind of mistake gets.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/config.h"
#include "schedule/duration.h"
#include "time_test_util.h"
#include "workflow_test_util.h"

namespace sluice {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::errors_of;
using testing::one_error;
using testing::utc;
using testing::workflows_of;

// Lines 4-30.
const char* const kNightly =
    "workflows:\n"                                                                 // 4
    "  - name: nightly\n"                                                          // 5
    "    description: the reference DAG\n"                                         // 6
    "    schedule: '@daily'\n"                                                     // 7
    "    timezone: Europe/Berlin\n"                                                // 8
    "    start_date: 2024-01-01\n"                                                 // 9
    "    params: {table: users}\n"                                                 // 10
    "    defaults: {retries: 3, retry_delay: 5m}\n"                                // 11
    "    tasks:\n"                                                                 // 12
    "      - name: ensure\n"                                                       // 13
    "        kind: ensure\n"                                                       // 14
    "      - name: ingest\n"                                                       // 15
    "        kind: ingest\n"                                                       // 16
    "        after: ensure\n"                                                      // 17
    "        retry_exponential_backoff: true\n"                                    // 18
    "        max_retry_delay: 1h\n"                                                // 19
    "      - name: wait\n"                                                         // 20
    "        kind: wait_caught_up\n"                                               // 21
    "        after: [ingest]\n"                                                    // 22
    "      - name: report\n"                                                       // 23
    "        kind: shell\n"                                                        // 24
    "        command: echo {{ ds }} {{ params.table }}\n"                          // 25
    "        after: [wait, ingest]\n"                                              // 26
    "        trigger_rule: all_done\n"                                             // 27
    "        retries: 0\n"                                                         // 28
    "        timeout: 90s\n"                                                       // 29
    "  - {name: by_hand, tasks: [{name: only, kind: shell, command: 'true'}]}\n";  // 30

TEST(WorkflowConfig, FullDeclarationLoads) {
  const std::vector<Workflow> ws = workflows_of(kNightly);
  ASSERT_EQ(ws.size(), 2u);
  const Workflow& w = ws[0];
  EXPECT_EQ(w.name, "nightly");
  EXPECT_EQ(w.description, "the reference DAG");
  EXPECT_EQ(w.schedule.text(), "@daily");
  EXPECT_EQ(w.timezone.name(), "Europe/Berlin");
  EXPECT_EQ(w.start_date, utc("2023-12-31T23:00:00Z"));  // midnight in Berlin
  EXPECT_EQ(w.end_date, std::nullopt);
  EXPECT_FALSE(w.catchup);
  EXPECT_EQ(w.max_active_runs, 1);
  EXPECT_FALSE(w.paused);
  EXPECT_EQ(w.params.at("table"), "users");
  EXPECT_EQ(w.file, "test.yaml");
  EXPECT_EQ(w.line, 5);
  ASSERT_EQ(w.tasks.size(), 4u);
  const TaskSpec& ingest = w.tasks[1];
  EXPECT_EQ(ingest.kind, TaskKind::kIngest);
  EXPECT_EQ(ingest.upstream, (std::vector<size_t>{0}));
  EXPECT_EQ(ingest.retries, 3);  // from defaults
  EXPECT_EQ(ingest.retry_delay, minutes{5});
  EXPECT_TRUE(ingest.retry_exponential_backoff);
  EXPECT_EQ(ingest.max_retry_delay, hours{1});
  EXPECT_EQ(ingest.line, 15);
  EXPECT_EQ(w.tasks[2].kind, TaskKind::kWaitCaughtUp);
  EXPECT_EQ(w.tasks[2].timeout, hours{1});  // wait_caught_up's default
  const TaskSpec& report = w.tasks[3];
  EXPECT_EQ(report.shell.command, "echo {{ ds }} {{ params.table }}");  // rendered per run
  EXPECT_EQ(report.upstream, (std::vector<size_t>{2, 1}));
  EXPECT_EQ(report.trigger_rule, TriggerRule::kAllDone);
  EXPECT_EQ(report.retries, 0);
  EXPECT_EQ(report.timeout, seconds{90});
  EXPECT_EQ(ws[1].schedule.kind(), Schedule::Kind::kManual);
  EXPECT_EQ(ws[1].timezone.name(), "UTC");
}

TEST(WorkflowConfig, NoWorkflowsIsAnEmptyList) {
  EXPECT_TRUE(workflows_of("").empty());
  EXPECT_TRUE(workflows_of("workflows:\n").empty());
}

// A workflow of one task per line from line 6, after `workflows:` and its name.
std::string tasks(const std::string& lines) {
  return "workflows:\n"    // 4
         "  - name: w\n"   // 5
         "    tasks:\n" +  // 6
         lines;            // 7...
}

TEST(WorkflowErrors, CycleNamesItsTasksInRunOrder) {
  const ConfigError e = one_error(tasks("      - {name: a, kind: shell, command: x, after: c}\n"
                                        "      - {name: b, kind: shell, command: x, after: a}\n"
                                        "      - {name: c, kind: shell, command: x, after: b}\n"),
                                  7, "workflows[w].tasks[a].after", "");
  EXPECT_EQ(e.message, "tasks form a cycle: a -> b -> c -> a (each runs after the one before it)");
  EXPECT_EQ(e.to_string(),
            "test.yaml:7: workflows[w].tasks[a].after: tasks form a cycle: a -> b -> c -> a "
            "(each runs after the one before it)");
}

TEST(WorkflowErrors, UnknownUpstreamTask) {
  const ConfigError e = one_error(tasks("      - {name: extract, kind: shell, command: x}\n"
                                        "      - name: load\n"
                                        "        kind: shell\n"
                                        "        command: x\n"
                                        "        after: [extract, transfrom]\n"),
                                  11, "workflows[w].tasks[load].after", "");
  EXPECT_EQ(e.message,
            "task \"load\" comes after unknown task \"transfrom\" (tasks: extract, load)");
}

TEST(WorkflowErrors, TaskAfterItselfOrTwiceTheSame) {
  one_error(tasks("      - {name: a, kind: shell, command: x, after: a}\n"), 7,
            "workflows[w].tasks[a].after", "task \"a\" comes after itself");
  one_error(tasks("      - {name: a, kind: shell, command: x}\n"
                  "      - {name: b, kind: shell, command: x, after: [a, a]}\n"),
            8, "workflows[w].tasks[b].after", "names \"a\" twice");
}

TEST(WorkflowErrors, UnknownKindListsTheKinds) {
  one_error(tasks("      - name: load\n"
                  "        kind: bash\n"),
            8, "workflows[w].tasks[load].kind",
            "\"bash\" is not one of: ingest, ensure, wait_caught_up, replay, shell, http");
}

TEST(WorkflowErrors, DuplicateTaskName) {
  one_error(tasks("      - {name: a, kind: ensure}\n"
                  "      - {name: a, kind: ingest}\n"),
            8, "workflows[w].tasks[a].name", "duplicate task name \"a\" (also tasks[0])");
}

TEST(WorkflowErrors, UnknownKeyOnATask) {
  one_error(tasks("      - name: load\n"
                  "        kind: shell\n"
                  "        comand: x\n"
                  "        command: x\n"),
            9, "workflows[w].tasks[load].comand", "unknown key (expected one of: name, kind,");
}

TEST(WorkflowErrors, KeyOfAnotherKind) {
  one_error(tasks("      - {name: load, kind: shell, command: x, url: 'http://x/'}\n"), 7,
            "workflows[w].tasks[load].url", "not used by tasks of kind shell");
}

TEST(WorkflowErrors, KindRequirements) {
  one_error(tasks("      - {name: s, kind: shell}\n"), 7, "workflows[w].tasks[s].command",
            "required key is missing");
  one_error(tasks("      - {name: h, kind: http, url: 'ftp://x/'}\n"), 7,
            "workflows[w].tasks[h].url", "\"ftp://x/\" is not an http:// or https:// URL");
  one_error(tasks("      - {name: h, kind: http, url: 'http://x/', expected_status: [200, 700]}\n"),
            7, "workflows[w].tasks[h].expected_status", "\"700\" is not an HTTP status code");
  one_error(tasks("      - {name: r, kind: replay}\n"), 7, "workflows[w].tasks[r].from_offset",
            "a replay task needs from_offset or from_time");
  one_error(tasks("      - {name: r, kind: replay, from_offset: 0, from_time: x}\n"), 7,
            "workflows[w].tasks[r].from_offset", "give from_offset or from_time, not both");
  one_error(tasks("      - {name: i, kind: ingest, config: no/such.yaml}\n"), 7,
            "workflows[w].tasks[i].config", "no such file: no/such.yaml");
}

TEST(WorkflowErrors, RetryCapBelowTheDelay) {
  one_error(tasks("      - {name: a, kind: ensure, retry_delay: 10m, max_retry_delay: 5m}\n"), 7,
            "workflows[w].tasks[a].max_retry_delay",
            "max_retry_delay (5m) is less than retry_delay (10m)");
}

TEST(WorkflowErrors, BadDurationAndTriggerRule) {
  one_error(tasks("      - {name: a, kind: ensure, timeout: 5 minutes}\n"), 7,
            "workflows[w].tasks[a].timeout", "\"5 minutes\" is not a duration");
  one_error(tasks("      - {name: a, kind: ensure, trigger_rule: any}\n"), 7,
            "workflows[w].tasks[a].trigger_rule",
            "\"any\" is not one of: all_success, all_done, one_failed");
}

TEST(WorkflowErrors, UnknownPlaceholderNamesTaskAndArgument) {
  one_error(tasks("      - name: a\n"
                  "        kind: shell\n"
                  "        command: echo {{ dt }}\n"),
            9, "workflows[w].tasks[a].command",
            "task \"a\": unknown placeholder {{ dt }} (expected ds,");
  one_error(tasks("      - {name: a, kind: shell, command: '{{ params.table }}'}\n"), 7,
            "workflows[w].tasks[a].command", "no param \"table\" is declared");
}

// A workflow with `more` keys from line 6, and one task at the line after them.
std::string with_keys(const std::string& more) {
  return "workflows:\n"   // 4
         "  - name: w\n"  // 5
         + more + "    tasks: [{name: a, kind: ensure}]\n";
}

TEST(WorkflowErrors, BadScheduleSaysWhatWasExpected) {
  one_error(with_keys("    schedule: 61 * * * *\n"), 6, "workflows[w].schedule",
            "minute field '61': expected 0-59");
  one_error(with_keys("    schedule: '@every 1500ms'\n"), 6, "workflows[w].schedule",
            "expected a whole number of seconds");
}

TEST(WorkflowErrors, WorkflowLevelValues) {
  one_error(with_keys("    timezone: Mars/Olympus\n"), 6, "workflows[w].timezone",
            "unknown time zone \"Mars/Olympus\"");
  one_error(with_keys("    start_date: 2024-02-30\n"), 6, "workflows[w].start_date",
            "no such date");
  one_error(with_keys("    start_date: 2024-02-01\n    end_date: 2024-01-01\n"), 7,
            "workflows[w].end_date", "is before start_date");
  one_error(with_keys("    schedule: '@daily'\n    catchup: true\n"), 7, "workflows[w].catchup",
            "catchup needs a start_date");
  one_error(with_keys("    catchup: yes\n"), 6, "workflows[w].catchup",
            "expected true or false, got \"yes\"");
  one_error(with_keys("    max_active_runs: 0\n"), 6, "workflows[w].max_active_runs",
            "must be between 1 and 1000");
  one_error(with_keys("    paused: false\n    scheduel: '@daily'\n"), 7, "workflows[w].scheduel",
            "unknown key");
  one_error(with_keys("    params: {a.b: x}\n"), 6, "workflows[w].params.a.b",
            "a param name is letters, digits");
}

TEST(WorkflowErrors, NamesAreRequiredAndUnique) {
  one_error("workflows:\n  - {tasks: [{name: a, kind: ensure}]}\n", 5, "workflows[0].name",
            "required key is missing");
  one_error("workflows:\n  - {name: 'no spaces', tasks: [{name: a, kind: ensure}]}\n", 5,
            "workflows[0].name", "\"no spaces\" is not a workflow name");
  one_error(
      "workflows:\n"
      "  - {name: w, tasks: [{name: a, kind: ensure}]}\n"
      "  - {name: w, tasks: [{name: a, kind: ensure}]}\n",
      6, "workflows[w]", "duplicate workflow name \"w\" (also test.yaml:5)");
  one_error("workflows:\n  - {name: w, tasks: []}\n", 5, "workflows[w].tasks",
            "expected a list of at least one task");
}

TEST(WorkflowErrors, EveryProblemOfOneLoadInFileOrder) {
  const std::string yaml = std::string("process: {batch_records: lots}\n") +          // 4
                           "workflows:\n"                                             // 5
                           "  - name: w\n"                                            // 6
                           "    schedule: '@dayly'\n"                                 // 7
                           "    tasks:\n"                                             // 8
                           "      - {name: a, kind: shel}\n"                          // 9
                           "      - {name: b, kind: shell, command: x, after: z}\n";  // 10
  const std::vector<ConfigError> errors = errors_of(yaml);
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0].key, "process.batch_records");
  EXPECT_EQ(errors[1].key, "workflows[w].schedule");
  EXPECT_EQ(errors[2].key, "workflows[w].tasks[a].kind");
  EXPECT_EQ(errors[3].key, "workflows[w].tasks[b].after");
  EXPECT_EQ(errors[3].line, 10);
}

TEST(WorkflowErrors, TaskThatIsNotAMapping) {
  one_error(tasks("      - load\n"), 7, "workflows[w].tasks[0]", "expected a mapping");
}

// load_config() alone leaves workflows to sluice_schedule: a command that does not schedule
// loads the pipeline whatever they hold.
TEST(WorkflowConfig, CoreLoaderAcceptsWorkflowSectionsUnread) {
  const std::string yaml =
      std::string(testing::kPipeline) + "workflows: [{name: w, schedule: nonsense}]\n";
  EXPECT_NO_THROW(load_config_from_string(yaml, "test.yaml"));
  EXPECT_THROW(load_config_and_workflows_from_string(yaml, "test.yaml"), ConfigException);
}

}  // namespace
}  // namespace sluice
