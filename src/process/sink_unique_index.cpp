#include "process/sink_unique_index.h"

namespace sluice {

Status SinkUniqueIndex::prefetch(const std::vector<std::string_view>& keys) {
  SLUICE_ASSIGN_OR_RETURN(owners_, sink_->key_owners(keys));
  return {};
}

void SinkUniqueIndex::claim(std::string_view key, LogPosition position) {
  auto [it, inserted] = owners_.try_emplace(std::string(key), position);
  if (!inserted && is_stale(it->second)) it->second = position;
}

std::optional<LogPosition> SinkUniqueIndex::owner(std::string_view field, std::string_view value) {
  // Only the key field is indexed by the sink; other fields would need a store of their own.
  if (field != key_field_) return std::nullopt;
  auto it = owners_.find(std::string(value));
  if (it == owners_.end() || is_stale(it->second)) return std::nullopt;
  return it->second;
}

}  // namespace sluice
