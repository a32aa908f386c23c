// The readers of `workflows:` (internal to workflow loading). Like core's section readers they
// check keys, types and ranges, report through the ConfigReader with file, line and key, and
// carry on, so one load reports every problem. Keys name workflows and tasks by name where they
// have a valid one: `workflows[nightly].tasks[load].command`, else by index: `workflows[0]`.
#pragma once

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/config_reader.h"
#include "schedule/workflow.h"

namespace sluice {

// `workflows:` of one file (the config or a workflow file): a list of workflows. Relative
// `config:` paths of tasks resolve against `base_dir`.
void read_workflows(ConfigReader& r, const YAML::Node& node, const std::string& base_dir,
                    std::vector<Workflow>* out);

// A workflow's `defaults:` (what every task starts from) and one of its `tasks:`.
void read_task_defaults(ConfigReader& r, const YAML::Node& node, const std::string& key,
                        TaskSpec* out);
void read_task(ConfigReader& r, const YAML::Node& node, const std::string& key,
               const std::string& base_dir, TaskSpec* out);

// What spans a workflow's tasks: unique names, `after` naming tasks of the workflow (resolved
// into TaskSpec::upstream), no cycle, templates naming known placeholders. `tasks` is the YAML
// list the tasks were read from, for lines; `key` the workflow's.
void validate_tasks(ConfigReader& r, const YAML::Node& tasks, const std::string& key,
                    Workflow* workflow);

// The key of a list item: `parent[name]` when `name` is a valid name, else `parent[index]`.
std::string item_key(const std::string& parent, const std::string& name, size_t index);
// Workflow, task and param names: [A-Za-z0-9_-]+, at most 200 characters.
bool is_workflow_name(std::string_view name);

// A duration value ("90s", "1h30m") at map[key], when present.
void read_duration(ConfigReader& r, const YAML::Node& map, std::string_view key,
                   const std::string& parent, std::chrono::milliseconds* out);
void read_duration(ConfigReader& r, const YAML::Node& map, std::string_view key,
                   const std::string& parent, std::optional<std::chrono::milliseconds>* out);

}  // namespace sluice
