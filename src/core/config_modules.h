// Top-level sections that core's loader accepts but leaves to a module above core to read:
// `workflows:` and `workflow_files:`, whose types (schedules, time zones, task kinds) belong to
// sluice_schedule (schedule/workflow_loader.h). load_config() alone accepts them unread, so a
// command that does not schedule starts on a config that has them; a module's loader passes a
// reader that runs on the same ConfigReader after core's sections, so every problem of a load
// comes out in one ConfigException, in file order.
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <string>
#include <string_view>

#include "core/config.h"
#include "core/config_reader.h"

namespace sluice {

inline constexpr std::string_view kModuleSections[] = {"workflows", "workflow_files"};

// Reads the module sections of `root` (a mapping), reporting through `r`.
using ModuleSectionsReader = std::function<void(ConfigReader& r, const YAML::Node& root)>;

// load_config() and load_config_from_string() with `more` reading the module sections.
PipelineConfig load_config(const std::string& path, const ModuleSectionsReader& more);
PipelineConfig load_config_from_string(const std::string& yaml, const std::string& name,
                                       const ModuleSectionsReader& more);

}  // namespace sluice
