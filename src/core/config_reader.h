// ConfigReader: typed, error-collecting access to a parsed YAML config (internal to loading).
//
// Every read_* reports problems (wrong type, out of range, failed interpolation) as ConfigErrors
// with the file, the line of the offending node and the dotted key, and then carries on, so one
// load reports every problem. A value that fails leaves the output untouched (its default).
// Scalars are interpolated (config_interpolate.h) before they are converted.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/config_interpolate.h"

namespace sluice {

struct IntRange {
  int64_t min = std::numeric_limits<int64_t>::min();
  int64_t max = std::numeric_limits<int64_t>::max();
};

// "source" + "http" -> "source.http"; "" + "pipeline" -> "pipeline".
std::string join_key(std::string_view parent, std::string_view key);
// "rules" + 2 -> "rules[2]".
std::string index_key(std::string_view parent, size_t index);
// 1-based line of a node; 0 when the node has no position (e.g. it is absent).
int line_of(const YAML::Node& node);

class ConfigReader {
 public:
  ConfigReader(std::string file, EnvLookup env);

  const std::string& file() const { return file_; }
  // How scalars are interpolated, for a reader of another file read in the same load.
  const EnvLookup& env() const { return env_; }
  void error(int line, std::string key, std::string message);
  void error(const YAML::Node& at, std::string key, std::string message);
  // Problems found in another file that this load reads (a workflow file), reported with the rest.
  void add_errors(std::vector<ConfigError> errors);
  const std::vector<ConfigError>& errors() const { return errors_; }
  std::vector<ConfigError> take_errors() { return std::move(errors_); }

  // True when `node` is a mapping. Reports a non-mapping, and each key not in `allowed` or given
  // twice (at the key's line).
  bool check_map(const YAML::Node& node, const std::string& key,
                 std::span<const std::string_view> allowed);
  bool check_map(const YAML::Node& node, const std::string& key,
                 std::initializer_list<std::string_view> allowed) {
    return check_map(node, key, std::span(allowed.begin(), allowed.size()));
  }
  // Reports `map.key` as missing (at the map's line) when it is absent; true when present.
  bool require(const YAML::Node& map, std::string_view key, const std::string& parent);

  // Interpolated text of a scalar node, or nullopt after reporting why not. `what` names the
  // expected type in the message ("a string", "an integer").
  std::optional<std::string> scalar(const YAML::Node& node, const std::string& key,
                                    std::string_view what);

  // Each reads map[key] into *out when present; absent keys leave *out alone.
  void read(const YAML::Node& map, std::string_view key, const std::string& parent,
            std::string* out);
  void read(const YAML::Node& map, std::string_view key, const std::string& parent, int* out,
            IntRange range = {});
  void read(const YAML::Node& map, std::string_view key, const std::string& parent, int64_t* out,
            IntRange range = {});
  void read(const YAML::Node& map, std::string_view key, const std::string& parent,
            std::optional<int64_t>* out, IntRange range = {});
  void read(const YAML::Node& map, std::string_view key, const std::string& parent, double* out,
            double min, double max);
  void read(const YAML::Node& map, std::string_view key, const std::string& parent,
            std::optional<double>* out);
  // true or false, in any case (so that ${VAR:-false} works as well as a YAML boolean).
  void read(const YAML::Node& map, std::string_view key, const std::string& parent, bool* out);
  // A sequence of scalars; a single scalar is read as a list of one.
  void read(const YAML::Node& map, std::string_view key, const std::string& parent,
            std::vector<std::string>* out);
  // A mapping of names to scalars, each read as text. Errors name the key, never a value (it may
  // be a secret).
  void read(const YAML::Node& map, std::string_view key, const std::string& parent,
            std::map<std::string, std::string>* out);
  // A string that must be one of `names`: its index there, or nullopt when the key is absent
  // or (reported) not one of them.
  std::optional<size_t> read_choice(const YAML::Node& map, std::string_view key,
                                    const std::string& parent,
                                    std::span<const std::string_view> names);

 private:
  std::optional<int64_t> to_int(const YAML::Node& node, const std::string& key, IntRange range);

  std::string file_;
  EnvLookup env_;
  std::vector<ConfigError> errors_;
};

}  // namespace sluice
