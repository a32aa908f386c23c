#include "schedule/task_template.h"

#include <fmt/format.h>

#include <optional>

#include "core/config_template.h"
#include "schedule/date_text.h"

namespace sluice {
namespace {

struct Argument {
  std::string name;
  std::string* text;
};

// The templated arguments of a task's kind (the header lists them).
std::vector<Argument> templated_arguments(TaskSpec* task) {
  switch (task->kind) {
    case TaskKind::kShell:
      return {{"command", &task->shell.command}};
    case TaskKind::kHttp: {
      std::vector<Argument> args = {{"url", &task->http.url}, {"body", &task->http.body}};
      for (auto& [name, value] : task->http.headers)
        args.push_back({"headers." + name, &value});
      return args;
    }
    case TaskKind::kReplay:
      return {{"from_time", &task->replay.from_time}};
    case TaskKind::kIngest:
    case TaskKind::kEnsure:
    case TaskKind::kWaitCaughtUp:
      break;
  }
  return {};
}

constexpr std::string_view kParamsPrefix = "params.";

Result<std::string> value_of(std::string_view name, const TemplateContext& c) {
  if (name == "ds") return format_date(c.logical_date, c.timezone);
  if (name == "ts") return format_local(c.logical_date, c.timezone);
  if (name == "logical_date" || name == "data_interval_start") return format_utc(c.interval.start);
  if (name == "data_interval_end") return format_utc(c.interval.end);
  if (name == "run_id") return c.run_id;
  if (name.starts_with(kParamsPrefix)) {
    const std::string param(name.substr(kParamsPrefix.size()));
    if (auto it = c.params.find(param); it != c.params.end()) return it->second;
    return Status::invalid_argument(
        fmt::format("unknown placeholder {{{{ {} }}}}: no param \"{}\" is declared", name, param));
  }
  return Status::invalid_argument(
      fmt::format("unknown placeholder {{{{ {} }}}} (expected ds, ts, logical_date, "
                  "data_interval_start, data_interval_end, run_id or params.NAME)",
                  name));
}

Result<std::string> render(std::string_view text, const TemplateContext& context) {
  Result<std::vector<TemplatePart>> parts = parse_double_brace_template(text);
  if (!parts.ok()) return parts.status();
  std::string out;
  for (const TemplatePart& part : *parts) {
    if (!part.is_path) {
      out += part.text;
      continue;
    }
    Result<std::string> value = value_of(part.text, context);
    if (!value.ok()) return value.status();
    out += *value;
  }
  return out;
}

}  // namespace

Result<std::map<std::string, std::string>> merge_params(
    const Workflow& workflow, const std::map<std::string, std::string>& overrides) {
  std::map<std::string, std::string> params = workflow.params;
  for (const auto& [name, value] : overrides) {
    auto it = params.find(name);
    if (it == params.end()) {
      return Status::invalid_argument(
          fmt::format("workflow \"{}\" declares no param \"{}\"", workflow.name, name));
    }
    it->second = value;
  }
  return params;
}

TemplateContext make_template_context(const Workflow& workflow, Instant logical_date,
                                      std::string run_id,
                                      std::map<std::string, std::string> params) {
  return {logical_date, data_interval(workflow, logical_date), workflow.timezone, std::move(run_id),
          std::move(params)};
}

Result<TaskSpec> render_task(const TaskSpec& task, const TemplateContext& context) {
  TaskSpec out = task;
  for (const Argument& arg : templated_arguments(&out)) {
    Result<std::string> text = render(*arg.text, context);
    if (!text.ok()) {
      return Status::invalid_argument(
          fmt::format("task \"{}\": {}: {}", task.name, arg.name, text.status().message()));
    }
    *arg.text = std::move(text).value();
  }
  return out;
}

std::vector<TemplateProblem> check_task_templates(
    const TaskSpec& task, const std::map<std::string, std::string>& params) {
  // Rendering with any dates finds exactly the problems a real run would.
  const TemplateContext context{Instant{}, DataInterval{}, TimeZone(), "check", params};
  TaskSpec copy = task;
  std::vector<TemplateProblem> problems;
  for (const Argument& arg : templated_arguments(&copy)) {
    Result<std::string> text = render(*arg.text, context);
    if (!text.ok()) problems.push_back({arg.name, text.status().message()});
  }
  return problems;
}

}  // namespace sluice
