#include <fmt/format.h>

#include <string>
#include <utility>

#include "core/config.h"

namespace sluice {
namespace {
std::string join_errors(const std::vector<ConfigError>& errors) {
  std::string out;
  for (const auto& e : errors) {
    if (!out.empty()) out += '\n';
    out += e.to_string();
  }
  return out;
}
}  // namespace

std::string ConfigError::to_string() const {
  std::string where = file;
  if (line > 0) where += fmt::format(":{}", line);
  if (!key.empty()) return fmt::format("{}: {}: {}", where, key, message);
  return fmt::format("{}: {}", where, message);
}

ConfigException::ConfigException(std::vector<ConfigError> errors)
    : std::runtime_error(join_errors(errors)), errors_(std::move(errors)) {}

Schema PipelineConfig::schema() const {
  std::vector<FieldSpec> specs;
  specs.reserve(fields.size());
  for (const auto& f : fields)
    specs.push_back({f.name, f.type});
  return Schema(std::move(specs), key);
}

bool PipelineConfig::hashes_fields() const {
  for (const auto& f : fields)
    if (f.protect.kind == ProtectKind::kHash) return true;
  return false;
}

}  // namespace sluice
