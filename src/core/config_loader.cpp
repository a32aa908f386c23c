// load_config(): parse YAML, read each section, apply derived defaults, validate; throw every
// problem at once.
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "core/config.h"
#include "core/config_modules.h"
#include "core/config_sections.h"

namespace sluice {
namespace {

std::string path_join(std::string_view dir, std::string_view name) {
  std::string out(dir);
  while (out.size() > 1 && out.back() == '/')
    out.pop_back();
  if (out.empty()) return std::string(name);
  return fmt::format("{}/{}", out, name);
}

void read_top_level(ConfigReader& r, const YAML::Node& root, PipelineConfig* config,
                    const ModuleSectionsReader& more) {
  std::vector<std::string_view> keys = {"pipeline", "data_dir",  "source", "schema",
                                        "rules",    "log",       "sink",   "process",
                                        "serve",    "scheduler", "protect"};
  keys.insert(keys.end(), std::begin(kModuleSections), std::end(kModuleSections));
  if (!r.check_map(root, "", keys)) return;
  if (r.require(root, "pipeline", "")) {
    const size_t before = r.errors().size();
    r.read(root, "pipeline", "", &config->name);
    if (config->name.empty() && r.errors().size() == before) {
      r.error(root["pipeline"], "pipeline", "must not be empty");
    }
  }
  r.read(root, "data_dir", "", &config->data_dir);
  if (config->data_dir.empty()) r.error(root["data_dir"], "data_dir", "must not be empty");
  if (r.require(root, "source", "")) read_source(r, root["source"], &config->source);
  int key_line = 0;
  if (r.require(root, "schema", "")) read_schema(r, root["schema"], config, &key_line);
  if (root["rules"].IsDefined()) read_rules(r, root["rules"], &config->rules);
  if (root["log"].IsDefined()) read_log(r, root["log"], &config->log);
  if (root["sink"].IsDefined()) read_sink(r, root["sink"], &config->sink);
  if (root["process"].IsDefined()) read_process(r, root["process"], &config->process);
  if (root["serve"].IsDefined()) read_serve(r, root["serve"], &config->serve);
  if (root["scheduler"].IsDefined()) read_scheduler(r, root["scheduler"], &config->scheduler);
  if (root["protect"].IsDefined()) read_protect(r, root["protect"], &config->protect);
  validate_config(r, *config, key_line);
  validate_protect(r, *config);
  if (more) more(r, root);
}

// File order: the config's own problems by line, then those of each file it names (a workflow
// file), in the order they were first reported, each by line.
void sort_errors(std::vector<ConfigError>* errors, const std::string& main_file) {
  std::map<std::string, size_t> rank = {{main_file, 0}};
  for (const ConfigError& e : *errors)
    rank.emplace(e.file, rank.size());
  std::stable_sort(errors->begin(), errors->end(),
                   [&rank](const ConfigError& a, const ConfigError& b) {
                     const size_t ra = rank[a.file];
                     const size_t rb = rank[b.file];
                     return ra != rb ? ra < rb : a.line < b.line;
                   });
}

void apply_derived_defaults(PipelineConfig* config) {
  config->log.pipeline = config->name;
  if (config->log.dir.empty()) config->log.dir = path_join(config->data_dir, "log");
  if (config->serve.api_token_file.empty()) {
    config->serve.api_token_file = path_join(config->data_dir, "api_token");
  }
  if (config->sink.kind == SinkKind::kSqlite && config->sink.path.empty()) {
    config->sink.path = path_join(config->data_dir, "sluice.db");
  }
}

}  // namespace

PipelineConfig load_config_from_string(const std::string& yaml, const std::string& name,
                                       const ModuleSectionsReader& more) {
  ConfigReader reader(name, process_env());
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    const int line = e.mark.is_null() ? 0 : e.mark.line + 1;
    throw ConfigException({{name, line, "", fmt::format("YAML syntax: {}", e.msg)}});
  }
  if (!root.IsDefined() || root.IsNull()) {
    throw ConfigException({{name, 0, "", "the file is empty"}});
  }
  PipelineConfig config;
  config.file = name;
  read_top_level(reader, root, &config, more);
  if (!reader.errors().empty()) {
    // Cross-section checks run last; report in file order all the same.
    std::vector<ConfigError> errors = reader.take_errors();
    sort_errors(&errors, name);
    throw ConfigException(std::move(errors));
  }
  apply_derived_defaults(&config);
  return config;
}

PipelineConfig load_config_from_string(const std::string& yaml, const std::string& name) {
  return load_config_from_string(yaml, name, nullptr);
}

PipelineConfig load_config(const std::string& path, const ModuleSectionsReader& more) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ConfigException({{path, 0, "", fmt::format("cannot read: {}", std::strerror(errno))}});
  }
  std::stringstream text;
  text << in.rdbuf();
  return load_config_from_string(text.str(), path, more);
}

PipelineConfig load_config(const std::string& path) {
  return load_config(path, nullptr);
}

}  // namespace sluice
