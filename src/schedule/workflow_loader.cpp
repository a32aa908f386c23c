#include "schedule/workflow_loader.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/config_modules.h"
#include "schedule/workflow_sections.h"

namespace sluice {
namespace {

std::string folder_of(const std::string& file) {
  return std::filesystem::path(file).parent_path().string();
}

std::string resolve(const std::string& base_dir, const std::string& path) {
  const std::filesystem::path p(path);
  if (p.is_absolute() || base_dir.empty()) return path;
  return (std::filesystem::path(base_dir) / p).lexically_normal().string();
}

// One workflow file: a mapping whose only key is `workflows`, read with a reader of its own so
// that its problems name it; they join the config's through `r`.
void read_workflow_file(ConfigReader& r, const YAML::Node& at, const std::string& key,
                        const std::string& path, std::vector<Workflow>* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    r.error(at, key, fmt::format("cannot read {}: {}", path, std::strerror(errno)));
    return;
  }
  std::stringstream text;
  text << in.rdbuf();
  ConfigReader file_reader(path, r.env());
  YAML::Node root;
  try {
    root = YAML::Load(text.str());
  } catch (const YAML::Exception& e) {
    file_reader.error(e.mark.is_null() ? 0 : e.mark.line + 1, "",
                      fmt::format("YAML syntax: {}", e.msg));
  }
  if (root.IsDefined() && !root.IsNull() && file_reader.check_map(root, "", {"workflows"}) &&
      file_reader.require(root, "workflows", "")) {
    read_workflows(file_reader, root["workflows"], folder_of(path), out);
  }
  r.add_errors(file_reader.take_errors());
}

void read_workflow_files(ConfigReader& r, const YAML::Node& root, std::vector<Workflow>* out) {
  std::vector<std::string> files;
  r.read(root, "workflow_files", "", &files);
  const YAML::Node list = root["workflow_files"];
  for (size_t i = 0; i < files.size(); ++i) {
    const YAML::Node at = list.IsSequence() ? list[i] : list;
    read_workflow_file(r, at, index_key("workflow_files", i),
                       resolve(folder_of(r.file()), files[i]), out);
  }
}

// Names are what runs, the CLI and the API know a workflow by: one per name over all files.
void check_unique_names(ConfigReader& r, const std::vector<Workflow>& workflows) {
  std::map<std::string, const Workflow*> seen;
  std::vector<ConfigError> errors;
  for (const Workflow& w : workflows) {
    if (w.name.empty()) continue;
    auto [it, inserted] = seen.emplace(w.name, &w);
    if (inserted) continue;
    const Workflow& first = *it->second;
    errors.push_back({w.file, w.line, fmt::format("workflows[{}]", w.name),
                      fmt::format("duplicate workflow name \"{}\" (also {}:{})", w.name, first.file,
                                  first.line)});
  }
  r.add_errors(std::move(errors));
}

ModuleSectionsReader workflows_reader(std::vector<Workflow>* out) {
  return [out](ConfigReader& r, const YAML::Node& root) {
    if (root["workflows"].IsDefined()) {
      read_workflows(r, root["workflows"], folder_of(r.file()), out);
    }
    if (root["workflow_files"].IsDefined()) read_workflow_files(r, root, out);
    check_unique_names(r, *out);
  };
}

}  // namespace

LoadedConfig load_config_and_workflows(const std::string& path) {
  LoadedConfig loaded;
  loaded.pipeline = load_config(path, workflows_reader(&loaded.workflows));
  return loaded;
}

LoadedConfig load_config_and_workflows_from_string(const std::string& yaml,
                                                   const std::string& name) {
  LoadedConfig loaded;
  loaded.pipeline = load_config_from_string(yaml, name, workflows_reader(&loaded.workflows));
  return loaded;
}

}  // namespace sluice
