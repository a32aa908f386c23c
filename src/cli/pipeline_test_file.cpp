#include "cli/pipeline_test_file.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>

#include "cli/yaml_json.h"
#include "core/config.h"
#include "core/config_reader.h"
#include "core/dotted_path.h"

namespace sluice::cli {
namespace {

namespace fs = std::filesystem;

// The config path as written, relative to the test file's folder if it exists there, else to
// the working directory (the repo root under ctest).
std::string resolve_config(const std::string& test_path, const std::string& config) {
  fs::path p(config);
  if (p.is_absolute()) return config;
  fs::path beside = fs::path(test_path).parent_path() / p;
  if (fs::exists(beside)) return beside.lexically_normal().string();
  return config;
}

void set_path(Json* root, const std::string& dotted, Json value) {
  Json* at = root;
  std::vector<std::string> parts = split_dotted_path(dotted);
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (!at->is_object()) *at = Json::object();
    at = &(*at)[parts[i]];
  }
  if (!at->is_object()) *at = Json::object();
  (*at)[parts.back()] = std::move(value);
}

void unset_path(Json* root, const std::string& dotted) {
  Json* at = root;
  std::vector<std::string> parts = split_dotted_path(dotted);
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (!at->is_object() || !at->contains(parts[i])) return;
    at = &(*at)[parts[i]];
  }
  if (at->is_object()) at->erase(parts.back());
}

class TestFileReader {
 public:
  explicit TestFileReader(std::string path) : path_(path), r_(std::move(path), nullptr) {}

  PipelineTestFile read(const YAML::Node& root) {
    PipelineTestFile file;
    file.path = path_;
    if (!r_.check_map(root, "", {"config", "base", "cases"})) return file;
    if (r_.require(root, "config", "") && text(root["config"], "config")) {
      file.config_path = resolve_config(path_, root["config"].Scalar());
      file.config_line = line_of(root["config"]);
      if (!fs::exists(file.config_path)) {
        r_.error(root["config"], "config",
                 fmt::format("no pipeline config at \"{}\" (relative to the test file or the "
                             "working directory)",
                             root["config"].Scalar()));
      }
    }
    std::optional<Json> base;
    if (root["base"].IsDefined()) base = record(root["base"], "base");
    if (r_.require(root, "cases", "")) read_cases(root["cases"], base, &file);
    return file;
  }

  std::vector<ConfigError> take_errors() { return r_.take_errors(); }

 private:
  bool text(const YAML::Node& node, const std::string& key) {
    if (node.IsScalar()) return true;
    r_.error(node, key, "expected a string");
    return false;
  }

  // A record: a mapping, or a string of JSON.
  std::optional<Json> record(const YAML::Node& node, const std::string& key) {
    if (node.IsMap()) return yaml_to_json(node);
    if (node.IsScalar()) {
      Json parsed = Json::parse(node.Scalar(), nullptr, /*allow_exceptions=*/false);
      if (!parsed.is_discarded()) return parsed;
      r_.error(node, key, "not valid JSON");
      return std::nullopt;
    }
    r_.error(node, key, "expected a record: a mapping or a JSON string");
    return std::nullopt;
  }

  void read_cases(const YAML::Node& cases, const std::optional<Json>& base,
                  PipelineTestFile* file) {
    if (!cases.IsSequence() || cases.size() == 0) {
      r_.error(cases, "cases", "expected a non-empty list of cases");
      return;
    }
    for (size_t i = 0; i < cases.size(); ++i) {
      PipelineTestCase c;
      if (read_case(cases[i], index_key("cases", i), base, &c)) file->cases.push_back(c);
    }
  }

  bool read_case(const YAML::Node& node, const std::string& key, const std::optional<Json>& base,
                 PipelineTestCase* out) {
    out->line = line_of(node);
    if (!r_.check_map(node, key,
                      {"name", "input", "raw", "set", "unset", "row", "failed", "offset"})) {
      return false;
    }
    const size_t errors_before = r_.errors().size();
    if (r_.require(node, "name", key) && text(node["name"], join_key(key, "name"))) {
      out->name = node["name"].Scalar();
    }
    read_input(node, key, base, out);
    read_row(node, key, out);
    if (node["failed"].IsDefined()) read_failed(node["failed"], join_key(key, "failed"), out);
    if (node["offset"].IsDefined()) {
      try {
        out->offset = node["offset"].as<int64_t>();
      } catch (const YAML::Exception&) {
        r_.error(node["offset"], join_key(key, "offset"), "expected an integer");
      }
    }
    return r_.errors().size() == errors_before;
  }

  void read_input(const YAML::Node& node, const std::string& key, const std::optional<Json>& base,
                  PipelineTestCase* out) {
    const bool edits = node["set"].IsDefined() || node["unset"].IsDefined();
    if (node["raw"].IsDefined()) {
      // Bytes as a source may send them, JSON or not (the `parse` reason's business).
      if (node["input"].IsDefined() || edits) {
        r_.error(node["raw"], join_key(key, "raw"), "goes alone: not with input, set or unset");
      } else if (text(node["raw"], join_key(key, "raw"))) {
        out->input_json = node["raw"].Scalar();
      }
      return;
    }
    if (node["input"].IsDefined() && node["input"].IsScalar() && !edits) {
      out->input_json = node["input"].Scalar();       // sent as written, byte for byte
      record(node["input"], join_key(key, "input"));  // reports text that is not JSON
      return;
    }
    std::optional<Json> json;
    if (node["input"].IsDefined()) {
      json = record(node["input"], join_key(key, "input"));
    } else if (base) {
      json = *base;
    } else {
      r_.error(node, join_key(key, "input"), "required key is missing (and the file has no base)");
    }
    if (!json) return;
    if (node["set"].IsDefined()) {
      const YAML::Node set = node["set"];
      if (!set.IsMap()) {
        r_.error(set, join_key(key, "set"), "expected a mapping of dotted paths to values");
      } else {
        for (const auto& kv : set)
          set_path(&*json, kv.first.Scalar(), yaml_to_json(kv.second));
      }
    }
    if (node["unset"].IsDefined()) {
      const YAML::Node unset = node["unset"];
      if (!unset.IsSequence()) {
        r_.error(unset, join_key(key, "unset"), "expected a list of dotted paths");
      } else {
        for (const auto& p : unset)
          unset_path(&*json, p.Scalar());
      }
    }
    out->input_json = json->dump();
  }

  void read_row(const YAML::Node& node, const std::string& key, PipelineTestCase* out) {
    if (!node["row"].IsDefined()) return;
    const YAML::Node row = node["row"];
    if (!row.IsMap()) {
      r_.error(row, join_key(key, "row"), "expected a mapping of field names to values");
      return;
    }
    for (const auto& kv : row) {
      ExpectedValue v{kv.first.Scalar(), std::nullopt, line_of(kv.first)};
      if (kv.second.IsScalar()) {
        v.text = kv.second.Scalar();
      } else if (!kv.second.IsNull()) {
        r_.error(kv.second, join_key(join_key(key, "row"), v.field), "expected a value or null");
        continue;
      }
      out->row.push_back(std::move(v));
    }
  }

  void read_failed(const YAML::Node& failed, const std::string& key, PipelineTestCase* out) {
    out->failed_line = line_of(failed);
    if (failed.IsNull()) return;
    if (!failed.IsSequence()) {
      r_.error(failed, key, "expected a list of rule ids");
      return;
    }
    for (const auto& id : failed) {
      if (text(id, key)) out->failed.push_back(id.Scalar());
    }
    std::sort(out->failed.begin(), out->failed.end());
  }

  std::string path_;
  ConfigReader r_;
};

}  // namespace

PipelineTestFile read_pipeline_test(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw ConfigException({{path, 0, "", "cannot read the test file"}});
  } catch (const YAML::Exception& e) {
    throw ConfigException({{path, e.mark.is_null() ? 0 : e.mark.line + 1, "",
                            fmt::format("YAML syntax: {}", e.msg)}});
  }
  TestFileReader reader(path);
  PipelineTestFile file = reader.read(root);
  std::vector<ConfigError> errors = reader.take_errors();
  if (!errors.empty()) throw ConfigException(std::move(errors));
  return file;
}

}  // namespace sluice::cli
