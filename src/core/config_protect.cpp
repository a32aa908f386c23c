// Reads what sluice does to personal data before storing it: a field's `protect:` (mask or
// keyed hash) and the top-level `protect:` section naming the hash key's source
// (docs/privacy.md). Checks the combinations that cannot work: protecting the key (rows are
// looked up and kept unique by it), a non-text field, a hash without a key.
#include <fmt/format.h>

#include "core/config_sections.h"

namespace sluice {

void read_field_protect(ConfigReader& r, const YAML::Node& node, const std::string& key,
                        FieldProtectConfig* out) {
  out->line = line_of(node);
  constexpr std::string_view kKinds[] = {"mask", "hash"};
  std::optional<size_t> kind;
  if (node.IsScalar()) {
    // `protect: hash` is short for `protect: {kind: hash}`.
    std::optional<std::string> text = r.scalar(node, key, "a string");
    if (!text) return;
    for (size_t i = 0; i < std::size(kKinds); ++i)
      if (*text == kKinds[i]) kind = i;
    if (!kind) {
      r.error(node, key,
              fmt::format("\"{}\" is not one of: mask, hash (or a map with kind, keep_first, "
                          "keep_last)",
                          *text));
      return;
    }
  } else {
    if (!r.check_map(node, key, {"kind", "keep_first", "keep_last"})) return;
    if (!r.require(node, "kind", key)) return;
    kind = r.read_choice(node, "kind", key, kKinds);
    r.read(node, "keep_first", key, &out->keep_first, IntRange{0, 64});
    r.read(node, "keep_last", key, &out->keep_last, IntRange{0, 64});
  }
  if (!kind) return;
  out->kind = *kind == 0 ? ProtectKind::kMask : ProtectKind::kHash;
  if (out->kind == ProtectKind::kHash && (out->keep_first != 0 || out->keep_last != 0)) {
    r.error(node, key, "keep_first and keep_last are for kind: mask; a hash keeps nothing");
  }
}

void read_protect(ConfigReader& r, const YAML::Node& node, ProtectConfig* out) {
  const std::string key = "protect";
  out->line = line_of(node);
  if (!r.check_map(node, key, {"key_env", "key_file", "create_key"})) return;
  r.read(node, "key_env", key, &out->key_env);
  r.read(node, "key_file", key, &out->key_file);
  r.read(node, "create_key", key, &out->create_key);
}

void validate_protect(ConfigReader& r, const PipelineConfig& config) {
  for (size_t i = 0; i < config.fields.size(); ++i) {
    const FieldConfig& field = config.fields[i];
    if (field.protect.kind == ProtectKind::kNone) continue;
    const std::string key = join_key(index_key("schema.fields", i), "protect");
    if (field.name == config.key) {
      r.error(field.protect.line, key,
              fmt::format("\"{}\" is the key field: rows are stored, looked up and kept unique "
                          "by it, so it cannot be masked or hashed",
                          field.name));
    }
    if (field.type != FieldType::kText) {
      r.error(field.protect.line, key,
              fmt::format("field \"{}\" is {}; only text fields can be masked or hashed",
                          field.name, field_type_name(field.type)));
    }
    if (field.protect.kind == ProtectKind::kHash && config.protect.key_env.empty() &&
        config.protect.key_file.empty() && !config.protect.create_key) {
      r.error(field.protect.line, key,
              fmt::format("field \"{}\" is stored as a keyed hash, which needs a key: set "
                          "protect.key_env or protect.key_file (or protect.create_key: true)",
                          field.name));
    }
  }
}

}  // namespace sluice
