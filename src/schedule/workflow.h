// Workflow and TaskSpec: a workflow as its YAML declares it (docs/workflows.md), loaded and
// checked once by load_config_and_workflows() (workflow_loader.h). After loading it is plain
// data, safe to share read-only between threads: the task graph is acyclic, every `after` names
// a task of the same workflow, every template names a known placeholder.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schedule/schedule.h"
#include "schedule/time_zone.h"

namespace sluice {

// What a task does (docs/workflows.md, "Task kinds").
enum class TaskKind {
  kIngest,        // one extraction run of a pipeline (`sluice ingest --once`)
  kEnsure,        // create the log's topics/partitions and the sink's tables
  kWaitCaughtUp,  // the processor has consumed everything published before the task started
  kReplay,        // re-process the log from an offset or a time (`sluice replay`)
  kShell,         // a command through /bin/sh -c
  kHttp,          // an HTTP request and the status it must answer
};

// When a task may run, from the states of the tasks it comes `after` (trigger_rule.h).
enum class TriggerRule {
  kAllSuccess,  // every upstream succeeded (the default)
  kAllDone,     // every upstream finished, however
  kOneFailed,   // at least one upstream failed
};

// The words config uses ("wait_caught_up", "all_done").
std::string_view task_kind_name(TaskKind kind);
std::string_view trigger_rule_name(TriggerRule rule);

// ingest, ensure, wait_caught_up and replay act on a pipeline.
struct PipelineTaskArgs {
  // The pipeline config's path as given (relative paths resolved against the folder of the
  // file that declares the workflow); empty: the config the workflow was loaded with.
  std::string config;
};

struct WaitCaughtUpArgs {
  std::chrono::milliseconds poll_interval{1000};  // how often the processor's lag is read
};

// Exactly one of from_offset and from_time.
struct ReplayArgs {
  std::optional<int64_t> from_offset;
  std::string from_time;  // templated; Unix ms or ISO 8601 UTC, as `sluice replay --from-time`
  std::optional<int> partition;  // none: every partition
};

struct ShellArgs {
  std::string command;  // templated; run by /bin/sh -c
};

struct HttpArgs {
  std::string url;  // templated; http:// or https://
  std::string method = "GET";
  std::vector<int> expected_status;            // empty: any 2xx
  std::string body;                            // templated
  std::map<std::string, std::string> headers;  // values templated
};

struct TaskSpec {
  std::string name;
  TaskKind kind = TaskKind::kShell;
  std::vector<std::string> after;  // names of upstream tasks, as written
  std::vector<size_t> upstream;    // the same as indexes into Workflow::tasks
  int retries = 0;                 // attempts after the first
  std::chrono::milliseconds retry_delay{std::chrono::minutes{5}};
  bool retry_exponential_backoff = false;
  std::optional<std::chrono::milliseconds> max_retry_delay;  // cap; retry.h says the default
  // How long one attempt may run; none: no limit (loading gives wait_caught_up one hour).
  std::optional<std::chrono::milliseconds> timeout;
  TriggerRule trigger_rule = TriggerRule::kAllSuccess;

  // The arguments of the task's kind; those of other kinds stay at their defaults.
  PipelineTaskArgs pipeline;
  WaitCaughtUpArgs wait;
  ReplayArgs replay;
  ShellArgs shell;
  HttpArgs http;

  int line = 0;  // of the task's mapping, for errors found after loading
};

struct Workflow {
  std::string name;
  std::string description;
  Schedule schedule;                  // manual unless `schedule:` says otherwise
  TimeZone timezone;                  // UTC unless `timezone:` says otherwise
  std::optional<Instant> start_date;  // no logical date before it; anchors `@every`
  std::optional<Instant> end_date;    // no logical date after it
  bool catchup = false;  // create every missed interval, or only the latest (due_runs.h)
  int max_active_runs = 1;
  bool paused = false;
  std::map<std::string, std::string> params;  // `{{ params.NAME }}` defaults
  std::vector<TaskSpec> tasks;                // as declared; `upstream` indexes into it

  std::string file;  // where it was declared (the config or one of its workflow_files)
  int line = 0;

  // The index of the task named `name`, or nullopt.
  std::optional<size_t> task_index(std::string_view name) const;
  // The grid `@every` counts from: start_date, else the Unix epoch.
  Instant anchor() const { return start_date.value_or(Instant{}); }
};

}  // namespace sluice
