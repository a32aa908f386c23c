// Reads `workflows:`: each workflow's own keys, its defaults and tasks, then what spans them.
#include <fmt/format.h>

#include <algorithm>

#include "schedule/date_text.h"
#include "schedule/workflow_sections.h"

namespace sluice {
namespace {

constexpr size_t kMaxNameLength = 200;

// The name a workflow or task item gives itself, uninterpolated, for keys in errors.
std::string raw_name(const YAML::Node& item) {
  // An absent key's node is invalid: asking its type would throw.
  if (!item.IsMap() || !item["name"].IsDefined() || !item["name"].IsScalar()) return "";
  return item["name"].Scalar();
}

void read_timezone(ConfigReader& r, const YAML::Node& node, const std::string& key, Workflow* out) {
  std::string name;
  r.read(node, "timezone", key, &name);
  if (name.empty()) return;
  Result<TimeZone> zone = TimeZone::locate(name);
  if (!zone.ok()) {
    r.error(node["timezone"], join_key(key, "timezone"), zone.status().message());
    return;
  }
  out->timezone = *zone;
}

void read_schedule(ConfigReader& r, const YAML::Node& node, const std::string& key, Workflow* out) {
  // `schedule: ~` (YAML null) is manual, as no schedule is.
  if (!node["schedule"].IsDefined() || node["schedule"].IsNull()) return;
  std::string text;
  r.read(node, "schedule", key, &text);
  Result<Schedule> schedule = Schedule::parse(text);
  if (!schedule.ok()) {
    r.error(node["schedule"], join_key(key, "schedule"), schedule.status().message());
    return;
  }
  out->schedule = *schedule;
}

// start_date and end_date, read in the workflow's time zone.
void read_date(ConfigReader& r, const YAML::Node& node, std::string_view name,
               const std::string& key, const TimeZone& zone, std::optional<Instant>* out) {
  std::string text;
  r.read(node, name, key, &text);
  if (text.empty()) return;
  Result<Instant> t = parse_date_time(text, zone);
  if (!t.ok()) {
    r.error(node[std::string(name)], join_key(key, name), t.status().message());
    return;
  }
  *out = *t;
}

void read_params(ConfigReader& r, const YAML::Node& node, const std::string& key, Workflow* out) {
  r.read(node, "params", key, &out->params);
  for (const auto& [name, value] : out->params) {
    if (!is_workflow_name(name)) {
      r.error(node["params"], join_key(join_key(key, "params"), name),
              "a param name is letters, digits, '_' and '-'");
    }
  }
}

void check_dates(ConfigReader& r, const YAML::Node& node, const std::string& key,
                 const Workflow& w) {
  if (w.start_date && w.end_date && *w.end_date < *w.start_date) {
    r.error(node["end_date"], join_key(key, "end_date"), "is before start_date");
  }
  if (w.catchup && w.schedule.kind() != Schedule::Kind::kManual && !w.start_date) {
    r.error(node["catchup"], join_key(key, "catchup"),
            "catchup needs a start_date (the first logical date to catch up from)");
  }
}

void read_tasks(ConfigReader& r, const YAML::Node& node, const std::string& key,
                const std::string& base_dir, const TaskSpec& defaults, Workflow* out) {
  const std::string tasks_key = join_key(key, "tasks");
  const YAML::Node tasks = node["tasks"];
  if (!tasks.IsSequence() || tasks.size() == 0) {
    r.error(tasks, tasks_key, "expected a list of at least one task");
    return;
  }
  for (size_t i = 0; i < tasks.size(); ++i) {
    TaskSpec task = defaults;
    const YAML::Node t = tasks[i];
    const std::string task_key = item_key(tasks_key, raw_name(t), i);
    if (t.IsMap() && t["name"].IsDefined()) {
      r.read(t, "name", task_key, &task.name);
      if (!is_workflow_name(task.name)) {
        r.error(t["name"], join_key(task_key, "name"),
                fmt::format("\"{}\" is not a task name: letters, digits, '_' and '-', at most {}",
                            task.name, kMaxNameLength));
      }
    }
    read_task(r, t, task_key, base_dir, &task);
    out->tasks.push_back(std::move(task));
  }
  validate_tasks(r, tasks, key, out);
}

void read_workflow(ConfigReader& r, const YAML::Node& node, size_t index,
                   const std::string& base_dir, Workflow* out) {
  out->file = r.file();
  out->line = line_of(node);
  const std::string key = item_key("workflows", raw_name(node), index);
  if (!r.check_map(node, key,
                   {"name", "description", "schedule", "timezone", "start_date", "end_date",
                    "catchup", "max_active_runs", "paused", "params", "defaults", "tasks"})) {
    return;
  }
  if (r.require(node, "name", key)) r.read(node, "name", key, &out->name);
  if (node["name"].IsDefined() && !is_workflow_name(out->name)) {
    r.error(node["name"], join_key(key, "name"),
            fmt::format("\"{}\" is not a workflow name: letters, digits, '_' and '-', at most {}",
                        out->name, kMaxNameLength));
  }
  r.read(node, "description", key, &out->description);
  read_timezone(r, node, key, out);
  read_schedule(r, node, key, out);
  read_date(r, node, "start_date", key, out->timezone, &out->start_date);
  read_date(r, node, "end_date", key, out->timezone, &out->end_date);
  r.read(node, "catchup", key, &out->catchup);
  r.read(node, "max_active_runs", key, &out->max_active_runs, {1, 1000});
  r.read(node, "paused", key, &out->paused);
  read_params(r, node, key, out);
  check_dates(r, node, key, *out);
  TaskSpec defaults;
  if (node["defaults"].IsDefined()) {
    read_task_defaults(r, node["defaults"], join_key(key, "defaults"), &defaults);
  }
  if (r.require(node, "tasks", key)) read_tasks(r, node, key, base_dir, defaults, out);
}

}  // namespace

std::string item_key(const std::string& parent, const std::string& name, size_t index) {
  if (is_workflow_name(name)) return fmt::format("{}[{}]", parent, name);
  return index_key(parent, index);
}

bool is_workflow_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

void read_workflows(ConfigReader& r, const YAML::Node& node, const std::string& base_dir,
                    std::vector<Workflow>* out) {
  if (node.IsNull()) return;  // `workflows:` with nothing under it
  if (!node.IsSequence()) {
    r.error(node, "workflows", "expected a list of workflows");
    return;
  }
  for (size_t i = 0; i < node.size(); ++i) {
    Workflow w;
    read_workflow(r, node[i], i, base_dir, &w);
    out->push_back(std::move(w));
  }
}

}  // namespace sluice
