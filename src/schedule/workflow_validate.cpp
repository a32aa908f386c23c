// What spans a workflow's tasks: names, `after` links, cycles and templates.
#include <fmt/format.h>

#include <map>

#include "schedule/dag.h"
#include "schedule/task_template.h"
#include "schedule/workflow_sections.h"

namespace sluice {
namespace {

std::string task_key(const std::string& key, const TaskSpec& task, size_t index) {
  return item_key(join_key(key, "tasks"), task.name, index);
}

std::string task_names(const Workflow& w) {
  std::string out;
  for (const TaskSpec& t : w.tasks)
    out += fmt::format("{}{}", out.empty() ? "" : ", ", t.name);
  return out;
}

// Resolves every `after` into upstream indexes; false when a name does not resolve.
bool link_tasks(ConfigReader& r, const YAML::Node& tasks, const std::string& key, Workflow* w) {
  std::map<std::string, size_t> index;
  bool ok = true;
  for (size_t i = 0; i < w->tasks.size(); ++i) {
    const TaskSpec& t = w->tasks[i];
    if (t.name.empty()) continue;
    auto [it, inserted] = index.emplace(t.name, i);
    if (!inserted) {
      r.error(tasks[i]["name"], join_key(task_key(key, t, i), "name"),
              fmt::format("duplicate task name \"{}\" (also tasks[{}])", t.name, it->second));
      ok = false;
    }
  }
  for (size_t i = 0; i < w->tasks.size(); ++i) {
    TaskSpec& t = w->tasks[i];
    // A task that is not a mapping has no links (and its own error already).
    if (!tasks[i].IsMap()) continue;
    const YAML::Node after = tasks[i]["after"];
    const std::string after_key = join_key(task_key(key, t, i), "after");
    for (const std::string& name : t.after) {
      auto it = index.find(name);
      if (it == index.end()) {
        r.error(after, after_key,
                fmt::format("task \"{}\" comes after unknown task \"{}\" (tasks: {})", t.name, name,
                            task_names(*w)));
        ok = false;
      } else if (it->second == i) {
        r.error(after, after_key, fmt::format("task \"{}\" comes after itself", t.name));
        ok = false;
      } else if (std::find(t.upstream.begin(), t.upstream.end(), it->second) != t.upstream.end()) {
        r.error(after, after_key,
                fmt::format("task \"{}\" names \"{}\" twice in after", t.name, name));
        ok = false;
      } else {
        t.upstream.push_back(it->second);
      }
    }
  }
  return ok;
}

void check_cycle(ConfigReader& r, const YAML::Node& tasks, const std::string& key,
                 const Workflow& w) {
  const std::vector<size_t> cycle = find_cycle(w.tasks);
  if (cycle.empty()) return;
  std::string path;
  for (size_t i : cycle)
    path += w.tasks[i].name + " -> ";
  path += w.tasks[cycle.front()].name;
  const size_t first = cycle.front();
  r.error(tasks[first]["after"], join_key(task_key(key, w.tasks[first], first), "after"),
          fmt::format("tasks form a cycle: {} (each runs after the one before it)", path));
}

// The node of a templated argument ("command", "headers.X-Date"), for its line.
YAML::Node argument_node(const YAML::Node& task, const std::string& argument) {
  constexpr std::string_view kHeaders = "headers.";
  if (argument.starts_with(kHeaders)) return task["headers"][argument.substr(kHeaders.size())];
  return task[argument];
}

void check_templates(ConfigReader& r, const YAML::Node& tasks, const std::string& key,
                     const Workflow& w) {
  for (size_t i = 0; i < w.tasks.size(); ++i) {
    const TaskSpec& t = w.tasks[i];
    for (const TemplateProblem& p : check_task_templates(t, w.params)) {
      r.error(argument_node(tasks[i], p.argument), join_key(task_key(key, t, i), p.argument),
              fmt::format("task \"{}\": {}", t.name, p.message));
    }
  }
}

}  // namespace

void validate_tasks(ConfigReader& r, const YAML::Node& tasks, const std::string& key,
                    Workflow* workflow) {
  if (link_tasks(r, tasks, key, workflow)) check_cycle(r, tasks, key, *workflow);
  check_templates(r, tasks, key, *workflow);
}

}  // namespace sluice
