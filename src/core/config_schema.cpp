// Reads `schema:` (the key and the fields with their mapping from source records).
#include <fmt/format.h>

#include <set>

#include "core/config_sections.h"
#include "core/config_template.h"

namespace sluice {
namespace {

// Field names become column names in every sink, so they stay plain identifiers.
bool is_identifier(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

// JSON kinds `data_types` accepts for a field type when `source_types` is not given.
std::vector<JsonKind> default_source_types(FieldType type) {
  switch (type) {
    case FieldType::kText:
      return {JsonKind::kString};
    case FieldType::kInt:
      return {JsonKind::kInteger};
    case FieldType::kFloat:
      return {JsonKind::kInteger, JsonKind::kFloat};
    case FieldType::kBool:
      return {JsonKind::kBool};
    case FieldType::kTimestamp:
      return {JsonKind::kString};
  }
  return {};
}

void read_source_types(ConfigReader& r, const YAML::Node& node, const std::string& key,
                       FieldConfig* out) {
  std::vector<std::string> names;
  r.read(node, "source_types", key, &names);
  const YAML::Node list = node["source_types"];
  if (list.IsDefined() && names.empty() && list.IsSequence() && list.size() == 0) {
    r.error(list, join_key(key, "source_types"), "must name at least one JSON kind");
  }
  for (size_t i = 0; i < names.size(); ++i) {
    std::optional<JsonKind> kind = parse_json_kind(names[i]);
    if (!kind || *kind == JsonKind::kMissing || *kind == JsonKind::kNull) {
      const YAML::Node at = list.IsSequence() ? list[i] : list;
      r.error(at, index_key(join_key(key, "source_types"), i),
              fmt::format("\"{}\" is not one of: string, integer, float, bool, object, array",
                          names[i]));
      continue;
    }
    out->source_types.push_back(*kind);
  }
}

void read_field(ConfigReader& r, const YAML::Node& node, const std::string& key, FieldConfig* out) {
  out->line = line_of(node);
  if (!r.check_map(node, key, {"name", "type", "from", "template", "source_types", "protect"}))
    return;
  if (r.require(node, "name", key)) {
    r.read(node, "name", key, &out->name);
    if (!out->name.empty() && !is_identifier(out->name)) {
      r.error(node["name"], join_key(key, "name"),
              fmt::format("\"{}\" is not a valid field name ([A-Za-z_][A-Za-z0-9_]*)", out->name));
    }
  }
  constexpr std::string_view kTypes[] = {"text", "int", "float", "bool", "timestamp"};
  if (auto type = r.read_choice(node, "type", key, kTypes)) {
    out->type = parse_field_type(kTypes[*type]).value_or(FieldType::kText);
  }

  const bool has_from = node["from"].IsDefined();
  const bool has_template = node["template"].IsDefined();
  if (has_from == has_template) {
    r.error(node, key,
            has_from
                ? "give either `from` or `template`, not both"
                : "missing `from` (a JSON path) or `template` (text with {path} placeholders)");
  }
  if (has_from) {
    r.read(node, "from", key, &out->from);
    if (!out->from.empty() && !is_valid_path(out->from)) {
      r.error(node["from"], join_key(key, "from"),
              fmt::format("\"{}\" is not a dotted JSON path like location.postcode", out->from));
    }
  }
  if (has_template) {
    r.read(node, "template", key, &out->template_text);
    auto parts = parse_template(out->template_text);
    if (!parts.ok()) r.error(node["template"], join_key(key, "template"), parts.status().message());
    if (out->type != FieldType::kText) {
      r.error(node["template"], join_key(key, "template"),
              fmt::format("a template builds text; field type is {}", field_type_name(out->type)));
    }
  }
  read_source_types(r, node, key, out);
  if (out->source_types.empty()) out->source_types = default_source_types(out->type);
  if (node["protect"].IsDefined()) {
    read_field_protect(r, node["protect"], join_key(key, "protect"), &out->protect);
  }
}

}  // namespace

void read_schema(ConfigReader& r, const YAML::Node& node, PipelineConfig* out, int* key_line) {
  const std::string key = "schema";
  if (!r.check_map(node, key, {"key", "fields"})) return;
  if (r.require(node, "key", key)) {
    r.read(node, "key", key, &out->key);
    *key_line = line_of(node["key"]);
  }
  if (!r.require(node, "fields", key)) return;
  const YAML::Node fields = node["fields"];
  const std::string fields_key = join_key(key, "fields");
  if (!fields.IsSequence() || fields.size() == 0) {
    r.error(fields, fields_key, "expected a non-empty list of fields");
    return;
  }
  std::set<std::string> names;
  for (size_t i = 0; i < fields.size(); ++i) {
    FieldConfig field;
    const std::string field_key = index_key(fields_key, i);
    read_field(r, fields[i], field_key, &field);
    if (!field.name.empty() && !names.insert(field.name).second) {
      r.error(fields[i]["name"], join_key(field_key, "name"),
              fmt::format("duplicate field name \"{}\"", field.name));
    }
    out->fields.push_back(std::move(field));
  }
}

}  // namespace sluice
