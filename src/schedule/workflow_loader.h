// Loading a pipeline config together with its workflows (docs/workflows.md): the `workflows:`
// section and every file `workflow_files:` lists (paths relative to the config's folder; each
// holds a `workflows:` list of its own). One load, one ConfigException with every problem of
// the pipeline and of the workflows, in file order, each with file, line and key.
#pragma once

#include <string>
#include <vector>

#include "core/config.h"
#include "schedule/workflow.h"

namespace sluice {

struct LoadedConfig {
  PipelineConfig pipeline;
  std::vector<Workflow> workflows;  // the config's first, then each workflow file's, in order
};

// Throws ConfigException. Beyond each section's checks: workflow names are unique across the
// config and its workflow files.
LoadedConfig load_config_and_workflows(const std::string& path);
// The same from text in memory; `name` stands for the file in errors, and its folder is where
// relative workflow_files and task configs are looked for.
LoadedConfig load_config_and_workflows_from_string(const std::string& yaml,
                                                   const std::string& name);

}  // namespace sluice
