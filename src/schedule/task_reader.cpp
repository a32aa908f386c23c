// Reads a workflow's `defaults:` and each of its `tasks:`. Every task kind registers in
// task_kinds() with the keys it takes and what it requires of them.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <filesystem>

#include "schedule/duration.h"
#include "schedule/workflow_sections.h"

namespace sluice {
namespace {

using std::chrono::milliseconds;

// wait_caught_up waits for a processor that may never catch up: unbounded would hang a run.
constexpr std::chrono::hours kWaitCaughtUpTimeout{1};

constexpr std::array<TaskKind, 6> kKinds = {TaskKind::kIngest,       TaskKind::kEnsure,
                                            TaskKind::kWaitCaughtUp, TaskKind::kReplay,
                                            TaskKind::kShell,        TaskKind::kHttp};
constexpr std::array<TriggerRule, 3> kRules = {TriggerRule::kAllSuccess, TriggerRule::kAllDone,
                                               TriggerRule::kOneFailed};
constexpr std::string_view kMethods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"};

// The keys a task takes whatever its kind, which `defaults:` may set for all of them.
constexpr std::string_view kCommonKeys[] = {
    "retries",         "retry_delay", "retry_exponential_backoff",
    "max_retry_delay", "timeout",     "trigger_rule"};
constexpr std::string_view kKindKeys[] = {
    "config", "poll_interval", "from_offset",     "from_time", "partition", "command",
    "url",    "method",        "expected_status", "body",      "headers"};

// The words config spells `values` with, in their order: what read_choice() takes.
template <typename Enum, size_t N>
std::vector<std::string_view> names_of(const std::array<Enum, N>& values,
                                       std::string_view (*name)(Enum)) {
  std::vector<std::string_view> names;
  names.reserve(N);
  for (Enum v : values)
    names.push_back(name(v));
  return names;
}

struct TaskKindSpec {
  TaskKind kind;
  std::vector<std::string_view> keys;  // kind-specific keys it takes
  // Checks what the kind requires once its keys are read (null: nothing beyond their types).
  void (*check)(ConfigReader& r, const YAML::Node& node, const std::string& key,
                const std::string& base_dir, TaskSpec* task);
};

// Resolves `config:` against the declaring file's folder and checks that the file is there.
void check_pipeline(ConfigReader& r, const YAML::Node& node, const std::string& key,
                    const std::string& base_dir, TaskSpec* task) {
  std::string& config = task->pipeline.config;
  if (config.empty()) return;
  const std::filesystem::path path(config);
  if (path.is_relative() && !base_dir.empty()) {
    config = (std::filesystem::path(base_dir) / path).lexically_normal().string();
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(config, ec)) {
    r.error(node["config"], join_key(key, "config"), fmt::format("no such file: {}", config));
  }
}

void check_wait(ConfigReader& r, const YAML::Node& node, const std::string& key,
                const std::string& base_dir, TaskSpec* task) {
  check_pipeline(r, node, key, base_dir, task);
  if (task->wait.poll_interval <= milliseconds{0}) {
    r.error(node["poll_interval"], join_key(key, "poll_interval"), "must be more than 0s");
  }
  if (!task->timeout) task->timeout = kWaitCaughtUpTimeout;
}

void check_replay(ConfigReader& r, const YAML::Node& node, const std::string& key,
                  const std::string& base_dir, TaskSpec* task) {
  check_pipeline(r, node, key, base_dir, task);
  const bool offset = node["from_offset"].IsDefined();
  const bool time = node["from_time"].IsDefined();
  if (offset == time) {
    r.error(node, join_key(key, "from_offset"),
            offset ? "give from_offset or from_time, not both"
                   : "a replay task needs from_offset or from_time");
  }
}

void check_shell(ConfigReader& r, const YAML::Node& node, const std::string& key,
                 const std::string& /*base_dir*/, TaskSpec* task) {
  if (r.require(node, "command", key) && task->shell.command.empty()) {
    r.error(node["command"], join_key(key, "command"), "must not be empty");
  }
}

void check_http(ConfigReader& r, const YAML::Node& node, const std::string& key,
                const std::string& /*base_dir*/, TaskSpec* task) {
  if (!r.require(node, "url", key)) return;
  const std::string& url = task->http.url;
  // A URL that starts with a placeholder is checked when it is rendered.
  if (!url.starts_with("http://") && !url.starts_with("https://") && !url.starts_with("{{")) {
    r.error(node["url"], join_key(key, "url"),
            fmt::format("\"{}\" is not an http:// or https:// URL", url));
  }
}

const std::vector<TaskKindSpec>& task_kinds() {
  static const std::vector<TaskKindSpec> kTable = {
      {TaskKind::kIngest, {"config"}, check_pipeline},
      {TaskKind::kEnsure, {"config"}, check_pipeline},
      {TaskKind::kWaitCaughtUp, {"config", "poll_interval"}, check_wait},
      {TaskKind::kReplay, {"config", "from_offset", "from_time", "partition"}, check_replay},
      {TaskKind::kShell, {"command"}, check_shell},
      {TaskKind::kHttp, {"url", "method", "expected_status", "body", "headers"}, check_http},
  };
  return kTable;
}

const TaskKindSpec& spec_of(TaskKind kind) {
  for (const TaskKindSpec& s : task_kinds()) {
    if (s.kind == kind) return s;
  }
  return task_kinds().front();  // unreachable while the table lists every kind
}

void read_expected_status(ConfigReader& r, const YAML::Node& node, const std::string& key,
                          HttpArgs* out) {
  std::vector<std::string> texts;
  r.read(node, "expected_status", key, &texts);
  const std::string path = join_key(key, "expected_status");
  for (const std::string& text : texts) {
    int code = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, code);
    if (ec != std::errc() || ptr != end || code < 100 || code > 599) {
      r.error(node["expected_status"], path,
              fmt::format("\"{}\" is not an HTTP status code (100-599)", text));
      continue;
    }
    out->expected_status.push_back(code);
  }
}

// Every kind-specific key present, whichever kind the task is: a key of another kind is
// reported afterwards, but its value is checked all the same.
void read_kind_keys(ConfigReader& r, const YAML::Node& node, const std::string& key,
                    TaskSpec* out) {
  r.read(node, "config", key, &out->pipeline.config);
  read_duration(r, node, "poll_interval", key, &out->wait.poll_interval);
  r.read(node, "from_offset", key, &out->replay.from_offset, {0, INT64_MAX});
  r.read(node, "from_time", key, &out->replay.from_time);
  std::optional<int64_t> partition;
  r.read(node, "partition", key, &partition, {0, 1 << 20});
  if (partition) out->replay.partition = static_cast<int>(*partition);
  r.read(node, "command", key, &out->shell.command);
  r.read(node, "url", key, &out->http.url);
  if (auto m = r.read_choice(node, "method", key, kMethods)) out->http.method = kMethods[*m];
  read_expected_status(r, node, key, &out->http);
  r.read(node, "body", key, &out->http.body);
  r.read(node, "headers", key, &out->http.headers);
}

void read_common_keys(ConfigReader& r, const YAML::Node& node, const std::string& key,
                      TaskSpec* out) {
  r.read(node, "retries", key, &out->retries, {0, 100});
  read_duration(r, node, "retry_delay", key, &out->retry_delay);
  r.read(node, "retry_exponential_backoff", key, &out->retry_exponential_backoff);
  read_duration(r, node, "max_retry_delay", key, &out->max_retry_delay);
  read_duration(r, node, "timeout", key, &out->timeout);
  if (auto chosen = r.read_choice(node, "trigger_rule", key, names_of(kRules, trigger_rule_name))) {
    out->trigger_rule = kRules[*chosen];
  }
  if (out->timeout && *out->timeout <= milliseconds{0}) {
    r.error(node["timeout"], join_key(key, "timeout"), "must be more than 0s");
  }
}

// Checked on the task as it ends up, defaults included, at the key that set the cap.
void check_retry_cap(ConfigReader& r, const YAML::Node& node, const std::string& key,
                     const TaskSpec& task) {
  if (!task.max_retry_delay || *task.max_retry_delay >= task.retry_delay) return;
  const YAML::Node at =
      node["max_retry_delay"].IsDefined() ? node["max_retry_delay"] : node["retry_delay"];
  r.error(at.IsDefined() ? at : node, join_key(key, "max_retry_delay"),
          fmt::format("max_retry_delay ({}) is less than retry_delay ({})",
                      format_duration(*task.max_retry_delay), format_duration(task.retry_delay)));
}

const TaskKindSpec* read_kind(ConfigReader& r, const YAML::Node& node, const std::string& key,
                              TaskSpec* out) {
  if (!r.require(node, "kind", key)) return nullptr;
  const std::optional<size_t> chosen =
      r.read_choice(node, "kind", key, names_of(kKinds, task_kind_name));
  if (!chosen) return nullptr;
  out->kind = kKinds[*chosen];
  return &spec_of(out->kind);
}

// Reports kind-specific keys the task's kind does not take, e.g. `url` on a shell task.
void check_kind_keys(ConfigReader& r, const YAML::Node& node, const std::string& key,
                     const TaskKindSpec& spec) {
  for (std::string_view k : kKindKeys) {
    if (!node[std::string(k)].IsDefined()) continue;
    if (std::find(spec.keys.begin(), spec.keys.end(), k) != spec.keys.end()) continue;
    r.error(node[std::string(k)], join_key(key, k),
            fmt::format("not used by tasks of kind {}", task_kind_name(spec.kind)));
  }
}

}  // namespace

void read_task_defaults(ConfigReader& r, const YAML::Node& node, const std::string& key,
                        TaskSpec* out) {
  if (!r.check_map(node, key, kCommonKeys)) return;
  read_common_keys(r, node, key, out);
  check_retry_cap(r, node, key, *out);
}

void read_task(ConfigReader& r, const YAML::Node& node, const std::string& key,
               const std::string& base_dir, TaskSpec* out) {
  out->line = line_of(node);
  std::vector<std::string_view> keys = {"name", "kind", "after"};
  keys.insert(keys.end(), std::begin(kCommonKeys), std::end(kCommonKeys));
  keys.insert(keys.end(), std::begin(kKindKeys), std::end(kKindKeys));
  if (!r.check_map(node, key, keys)) return;
  r.require(node, "name", key);  // read by the caller, which names the task's key with it
  const TaskKindSpec* spec = read_kind(r, node, key, out);
  r.read(node, "after", key, &out->after);
  read_common_keys(r, node, key, out);
  read_kind_keys(r, node, key, out);
  check_retry_cap(r, node, key, *out);
  if (spec == nullptr) return;
  check_kind_keys(r, node, key, *spec);
  if (spec->check != nullptr) spec->check(r, node, key, base_dir, out);
}

void read_duration(ConfigReader& r, const YAML::Node& map, std::string_view key,
                   const std::string& parent, std::optional<milliseconds>* out) {
  if (!map.IsMap() || !map[std::string(key)].IsDefined()) return;
  const YAML::Node node = map[std::string(key)];
  const std::string path = join_key(parent, key);
  std::optional<std::string> text = r.scalar(node, path, "a duration");
  if (!text) return;
  Result<milliseconds> d = parse_duration(*text);
  if (!d.ok()) {
    r.error(node, path, d.status().message());
    return;
  }
  *out = *d;
}

void read_duration(ConfigReader& r, const YAML::Node& map, std::string_view key,
                   const std::string& parent, milliseconds* out) {
  std::optional<milliseconds> value;
  read_duration(r, map, key, parent, &value);
  if (value) *out = *value;
}

}  // namespace sluice
