// `sluice check --config FILE`: load and validate a pipeline config and its workflows; print a
// summary, or every problem as file:line: key: message (exit 2).
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/describe_config.h"
#include "cli/pipeline_compile.h"
#include "core/config.h"

namespace sluice::cli {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items)
    out += (out.empty() ? "" : ", ") + s;
  return out;
}

void print_summary(const LoadedConfig& loaded) {
  const PipelineConfig& c = loaded.pipeline;
  std::vector<std::string> ids;
  for (const auto& r : c.rules)
    ids.push_back(r.id);
  std::printf("%s: ok\n", c.file.c_str());
  std::printf("  pipeline  %s\n", c.name.c_str());
  std::printf("  source    %s\n", describe_source(c.source).c_str());
  std::printf("  schema    %zu fields, key %s\n", c.fields.size(), c.key.c_str());
  std::printf("  rules     %zu: %s\n", c.rules.size(), join(ids).c_str());
  std::printf("  log       %s\n", describe_log(c.log).c_str());
  std::printf("  sink      %s\n", describe_sink(c.sink).c_str());
  std::printf("  protect   %s\n", describe_protect(c).c_str());
  std::printf("  workflows %zu\n", loaded.workflows.size());
  for (const Workflow& w : loaded.workflows)
    std::printf("    %s: %s\n", w.name.c_str(), describe_workflow(w).c_str());
}

int check(const std::string& path) {
  try {
    print_summary(load_pipeline_and_workflows(path));
    return kExitOk;
  } catch (const ConfigException& e) {
    for (const auto& err : e.errors())
      std::fprintf(stderr, "%s\n", err.to_string().c_str());
    const size_t n = e.errors().size();
    std::fprintf(stderr, "%s: %zu problem%s\n", path.c_str(), n, n == 1 ? "" : "s");
    return kExitUsage;
  }
}

}  // namespace

void add_check_command(CLI::App& app, CommandRun* run) {
  auto* sub = app.add_subcommand("check", "Validate a pipeline config and print every problem");
  auto config = std::make_shared<std::string>();
  sub->add_option("--config,-c", *config, "Pipeline config (YAML)")->required();
  sub->callback([run, config] { *run = [config] { return check(*config); }; });
}

}  // namespace sluice::cli
