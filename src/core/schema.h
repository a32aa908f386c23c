// Schema: the typed fields a pipeline declares and which one is its key (docs/architecture.md,
// "Records and schema"). Immutable after construction; safe to share between threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

enum class FieldType : uint8_t { kText, kInt, kFloat, kBool, kTimestamp };

// The JSON type a mapped value had in the source record. Kept beside every value so the
// `data_types` rule can judge the source, not the converted value.
enum class JsonKind : uint8_t {
  kMissing,
  kNull,
  kString,
  kInteger,
  kFloat,
  kBool,
  kObject,
  kArray
};

std::string_view field_type_name(FieldType t);
std::optional<FieldType> parse_field_type(std::string_view name);
std::string_view json_kind_name(JsonKind k);
std::optional<JsonKind> parse_json_kind(std::string_view name);

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::kText;
};

class Schema {
 public:
  Schema() = default;
  Schema(std::vector<FieldSpec> fields, const std::string& key_field);

  const std::vector<FieldSpec>& fields() const { return fields_; }
  size_t size() const { return fields_.size(); }
  const FieldSpec& field(size_t i) const { return fields_[i]; }
  std::optional<size_t> index_of(std::string_view name) const;
  // Index of the key field; the constructor's caller (config loading) guarantees it exists.
  size_t key_index() const { return key_index_; }
  const std::string& key_name() const { return fields_[key_index_].name; }

 private:
  std::vector<FieldSpec> fields_;
  size_t key_index_ = 0;
};

}  // namespace sluice
