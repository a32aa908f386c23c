// What loading a config cannot see (e.g. a timestamp rule's format) shows when the pipeline is
// compiled the way `process` compiles it. Commands that run a pipeline check this first, so a
// config that does not compile is a config error (exit 2) naming file, line and key.
#pragma once

#include <string>

#include "core/config.h"

namespace sluice::cli {

// Compiles the mapper and each rule on its own. Throws ConfigException with one error per
// problem: the rule's line and key (`rules[2]`) for a rule, `schema` for the mapper.
void check_pipeline_compiles(const PipelineConfig& config);

// load_config() then check_pipeline_compiles(): how a command that runs a pipeline loads it,
// so every such command treats a pipeline that does not compile as a config error.
PipelineConfig load_pipeline_config(const std::string& path);

}  // namespace sluice::cli
