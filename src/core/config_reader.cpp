#include "core/config_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <set>
#include <utility>

namespace sluice {
namespace {

std::string_view kind_name(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
      return "null";
    case YAML::NodeType::Scalar:
      return "a scalar";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Undefined:
      return "nothing";
  }
  return "nothing";
}

std::string join_allowed(std::span<const std::string_view> allowed) {
  std::string out;
  for (auto a : allowed) {
    if (!out.empty()) out += ", ";
    out += a;
  }
  return out;
}

// True when `key`'s null value in `map` is written out (`kind: null`, `kind: ~`) on the key's
// own line, rather than left empty (`kind:`), which yaml-cpp also reads as null: an empty value
// must stay an error, not pick whatever kind is named "null" (only a flow mapping's `{kind: }`
// cannot be told from `{kind: null}`).
bool null_written_out(const YAML::Node& map, std::string_view key) {
  for (const auto& kv : map) {
    if (!kv.first.IsScalar() || kv.first.Scalar() != key) continue;
    const YAML::Mark k = kv.first.Mark();
    const YAML::Mark v = kv.second.Mark();
    return v.line == k.line && v.column > k.column + static_cast<int>(key.size());
  }
  return false;
}

}  // namespace

std::string join_key(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  return fmt::format("{}.{}", parent, key);
}

std::string index_key(std::string_view parent, size_t index) {
  return fmt::format("{}[{}]", parent, index);
}

int line_of(const YAML::Node& node) {
  if (!node.IsDefined()) return 0;
  const YAML::Mark mark = node.Mark();
  return mark.line < 0 ? 0 : mark.line + 1;
}

ConfigReader::ConfigReader(std::string file, EnvLookup env)
    : file_(std::move(file)), env_(std::move(env)) {}

void ConfigReader::error(int line, std::string key, std::string message) {
  // Kinds that share a key (cassandra's and postgres's `hosts`) each read it: say it once.
  for (const ConfigError& e : errors_) {
    if (e.line == line && e.key == key && e.message == message) return;
  }
  errors_.push_back({file_, line, std::move(key), std::move(message)});
}

void ConfigReader::error(const YAML::Node& at, std::string key, std::string message) {
  error(line_of(at), std::move(key), std::move(message));
}

void ConfigReader::add_errors(std::vector<ConfigError> errors) {
  for (ConfigError& e : errors)
    errors_.push_back(std::move(e));
}

bool ConfigReader::check_map(const YAML::Node& node, const std::string& key,
                             std::span<const std::string_view> allowed) {
  if (!node.IsMap()) {
    error(node, key, fmt::format("expected a mapping, got {}", kind_name(node)));
    return false;
  }
  std::set<std::string> seen;
  for (const auto& kv : node) {
    if (!kv.first.IsScalar()) {
      error(kv.first, key, "keys must be plain names");
      continue;
    }
    const std::string name = kv.first.Scalar();
    bool known = false;
    for (auto a : allowed)
      known = known || a == name;
    if (!known) {
      error(kv.first, join_key(key, name),
            fmt::format("unknown key (expected one of: {})", join_allowed(allowed)));
    } else if (!seen.insert(name).second) {
      error(kv.first, join_key(key, name), "given more than once");
    }
  }
  return true;
}

bool ConfigReader::require(const YAML::Node& map, std::string_view key, const std::string& parent) {
  if (map.IsMap() && map[std::string(key)].IsDefined()) return true;
  error(map, join_key(parent, key), "required key is missing");
  return false;
}

std::optional<std::string> ConfigReader::scalar(const YAML::Node& node, const std::string& key,
                                                std::string_view what) {
  if (!node.IsScalar()) {
    error(node, key, fmt::format("expected {}, got {}", what, kind_name(node)));
    return std::nullopt;
  }
  Result<std::string> value = interpolate(node.Scalar(), env_);
  if (!value.ok()) {
    error(node, key, value.status().message());
    return std::nullopt;
  }
  return std::move(value).value();
}

void ConfigReader::read(const YAML::Node& map, std::string_view key, const std::string& parent,
                        std::string* out) {
  if (!map.IsMap()) return;
  const YAML::Node node = map[std::string(key)];
  if (!node.IsDefined()) return;
  if (auto v = scalar(node, join_key(parent, key), "a string")) *out = std::move(*v);
}

std::optional<int64_t> ConfigReader::to_int(const YAML::Node& node, const std::string& key,
                                            IntRange range) {
  std::optional<std::string> text = scalar(node, key, "an integer");
  if (!text) return std::nullopt;
  int64_t value = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc() || ptr != end || text->empty()) {
    error(node, key, fmt::format("expected an integer, got \"{}\"", *text));
    return std::nullopt;
  }
  if (value < range.min || value > range.max) {
    std::string bounds;
    if (range.max == std::numeric_limits<int64_t>::max()) {
      bounds = fmt::format("at least {}", range.min);
    } else {
      bounds = fmt::format("between {} and {}", range.min, range.max);
    }
    error(node, key, fmt::format("{} is out of range: must be {}", value, bounds));
    return std::nullopt;
  }
  return value;
}

void ConfigReader::read(const YAML::Node& map, std::string_view key, const std::string& parent,
                        int* out, IntRange range) {
  range.min = std::max<int64_t>(range.min, std::numeric_limits<int>::min());
  range.max = std::min<int64_t>(range.max, std::numeric_limits<int>::max());
  if (!map.IsMap()) return;
  const YAML::Node node = map[std::string(key)];
  if (!node.IsDefined()) return;
  if (auto v = to_int(node, join_key(parent, key), range)) *out = static_cast<int>(*v);
}

void ConfigReader::read(const YAML::Node& map, std::string_view key, const std::string& parent,
                        int64_t* out, IntRange range) {
  if (!map.IsMap()) return;
  const YAML::Node node = map[std::string(key)];
  if (!node.IsDefined()) return;
  if (auto v = to_int(node, join_key(parent, key), range)) *out = *v;
}

void ConfigReader::read(const YAML::Node& map, std::string_view key, const std::string& parent,
                        std::optional<int64_t>* out, IntRange range) {
  if (!map.IsMap()) return;
  const YAML::Node node = map[std::string(key)];
  if (!node.IsDefined()) return;
  if (auto v = to_int(node, join_key(parent, key), range)) *out = *v;
}

void ConfigReader::read(const YAML::Node& map, std::string_view key, const std::string& parent,
                        std::optional<double>* out) {
  if (!map.IsMap()) return;
  const YAML::Node node = map[std::string(key)];
  if (!node.IsDefined()) return;
  const std::string path = join_key(parent, key);
  std::optional<std::string> text = scalar(node, path, "a number");
  if (!text) return;
  double value = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc() || ptr != end || text->empty() || !std::isfinite(value)) {
    error(node, path, fmt::format("expected a number, got \"{}\"", *text));
    return;
  }
  *out = value;
}

void ConfigReader::read(const YAML::Node& map, std::string_view key, const std::string& parent,
                        double* out, double min, double max) {
  std::optional<double> value;
  read(map, key, parent, &value);
  if (!value) return;
  if (*value < min || *value > max) {
    error(map[std::string(key)], join_key(parent, key),
          fmt::format("{} is out of range: must be between {} and {}", *value, min, max));
    return;
  }
  *out = *value;
}

void ConfigReader::read(const YAML::Node& map, std::string_view key, const std::string& parent,
                        bool* out) {
  if (!map.IsMap()) return;
  const YAML::Node node = map[std::string(key)];
  if (!node.IsDefined()) return;
  const std::string path = join_key(parent, key);
  std::optional<std::string> text = scalar(node, path, "true or false");
  if (!text) return;
  std::string lower = *text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "true" || lower == "false") {
    *out = lower == "true";
    return;
  }
  error(node, path, fmt::format("expected true or false, got \"{}\"", *text));
}

void ConfigReader::read(const YAML::Node& map, std::string_view key, const std::string& parent,
                        std::vector<std::string>* out) {
  if (!map.IsMap()) return;
  const YAML::Node node = map[std::string(key)];
  if (!node.IsDefined()) return;
  const std::string path = join_key(parent, key);
  if (node.IsScalar()) {
    if (auto v = scalar(node, path, "a string")) *out = {std::move(*v)};
    return;
  }
  if (!node.IsSequence()) {
    error(node, path, fmt::format("expected a list of strings, got {}", kind_name(node)));
    return;
  }
  std::vector<std::string> values;
  bool ok = true;
  for (size_t i = 0; i < node.size(); ++i) {
    auto v = scalar(node[i], index_key(path, i), "a string");
    ok = ok && v.has_value();
    if (v) values.push_back(std::move(*v));
  }
  if (ok) *out = std::move(values);
}

void ConfigReader::read(const YAML::Node& map, std::string_view key, const std::string& parent,
                        std::map<std::string, std::string>* out) {
  if (!map.IsMap()) return;
  const YAML::Node node = map[std::string(key)];
  if (!node.IsDefined()) return;
  const std::string path = join_key(parent, key);
  if (!node.IsMap()) {
    error(node, path,
          fmt::format("expected a mapping of names to values, got {}", kind_name(node)));
    return;
  }
  std::map<std::string, std::string> values;
  bool ok = true;
  for (const auto& kv : node) {
    if (!kv.first.IsScalar()) {
      error(kv.first, path, "keys must be plain names");
      ok = false;
      continue;
    }
    const std::string name = kv.first.Scalar();
    auto v = scalar(kv.second, join_key(path, name), "a string");
    if (!v) {
      ok = false;
    } else if (!values.emplace(name, std::move(*v)).second) {
      error(kv.first, join_key(path, name), "given more than once");
      ok = false;
    }
  }
  if (ok) *out = std::move(values);
}

std::optional<size_t> ConfigReader::read_choice(const YAML::Node& map, std::string_view key,
                                                const std::string& parent,
                                                std::span<const std::string_view> names) {
  if (!map.IsMap()) return std::nullopt;
  const YAML::Node node = map[std::string(key)];
  if (!node.IsDefined()) return std::nullopt;
  const std::string path = join_key(parent, key);
  std::optional<std::string> v;
  if (node.IsNull() && std::find(names.begin(), names.end(), "null") != names.end() &&
      null_written_out(map, key)) {
    v = "null";  // `kind: null` (the null sink) is YAML's null, not the text "null"
  } else {
    v = scalar(node, path, "a string");
  }
  if (!v) return std::nullopt;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == *v) return i;
  }
  error(node, path, fmt::format("\"{}\" is not one of: {}", *v, join_allowed(names)));
  return std::nullopt;
}

}  // namespace sluice
