#include "cli/pipeline_compile.h"

#include <fmt/format.h>

#include <vector>

#include "quality/rule_set.h"
#include "transform/mapper.h"

namespace sluice::cli {

void check_pipeline_compiles(const PipelineConfig& config) {
  const Schema schema = config.schema();
  std::vector<ConfigError> errors;
  if (auto mapper = Mapper::compile(config.fields, schema); !mapper.ok()) {
    errors.push_back({config.file, 0, "schema", mapper.status().message()});
  }
  // One rule at a time, so that an error names the rule that caused it.
  for (size_t i = 0; i < config.rules.size(); ++i) {
    const RuleConfig& rule = config.rules[i];
    if (auto rules = RuleSet::compile({rule}, config.fields, schema); !rules.ok()) {
      errors.push_back(
          {config.file, rule.line, fmt::format("rules[{}]", i), rules.status().message()});
    }
  }
  if (!errors.empty()) throw ConfigException(std::move(errors));
}

LoadedConfig load_pipeline_and_workflows(const std::string& path) {
  LoadedConfig loaded = load_config_and_workflows(path);
  check_pipeline_compiles(loaded.pipeline);
  return loaded;
}

PipelineConfig load_pipeline_config(const std::string& path) {
  return load_pipeline_and_workflows(path).pipeline;
}

}  // namespace sluice::cli
