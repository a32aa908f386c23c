#include "core/schema.h"

#include <array>
#include <utility>

namespace sluice {
namespace {
constexpr std::array<std::string_view, 5> kFieldTypeNames = {"text", "int", "float", "bool",
                                                             "timestamp"};
constexpr std::array<std::string_view, 8> kJsonKindNames = {"missing", "null", "string", "integer",
                                                            "float",   "bool", "object", "array"};
}  // namespace

std::string_view field_type_name(FieldType t) {
  return kFieldTypeNames[static_cast<size_t>(t)];
}

std::optional<FieldType> parse_field_type(std::string_view name) {
  for (size_t i = 0; i < kFieldTypeNames.size(); ++i) {
    if (kFieldTypeNames[i] == name) return static_cast<FieldType>(i);
  }
  return std::nullopt;
}

std::string_view json_kind_name(JsonKind k) {
  return kJsonKindNames[static_cast<size_t>(k)];
}

std::optional<JsonKind> parse_json_kind(std::string_view name) {
  for (size_t i = 0; i < kJsonKindNames.size(); ++i) {
    if (kJsonKindNames[i] == name) return static_cast<JsonKind>(i);
  }
  return std::nullopt;
}

Schema::Schema(std::vector<FieldSpec> fields, const std::string& key_field)
    : fields_(std::move(fields)) {
  if (auto i = index_of(key_field)) key_index_ = *i;
}

std::optional<size_t> Schema::index_of(std::string_view name) const {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i].name == name) return i;
  }
  return std::nullopt;
}

}  // namespace sluice
