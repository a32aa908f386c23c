// What loading a config cannot see (e.g. a timestamp rule's format) shows when the pipeline is
// compiled the way `process` compiles it. Commands that run a pipeline check this first, so a
// config that does not compile is a config error (exit 2) naming file, line and key.
#pragma once

#include <string>

#include "core/config.h"
#include "schedule/workflow_loader.h"

namespace sluice::cli {

// Compiles the mapper and each rule on its own. Throws ConfigException with one error per
// problem: the rule's line and key (`rules[2]`) for a rule, `schema` for the mapper.
void check_pipeline_compiles(const PipelineConfig& config);

// load_config_and_workflows() then check_pipeline_compiles(): how a command that runs a pipeline
// loads it, so every such command treats a pipeline that does not compile, or a broken
// workflow, as a config error.
PipelineConfig load_pipeline_config(const std::string& path);
// The same, keeping the workflows (`check`, and the commands that schedule).
LoadedConfig load_pipeline_and_workflows(const std::string& path);

}  // namespace sluice::cli
