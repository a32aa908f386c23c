#include "process/sink_unique_index.h"

namespace sluice {

Status SinkUniqueIndex::prefetch(const std::vector<std::string_view>& keys) {
  SLUICE_ASSIGN_OR_RETURN(auto owners, sink_->key_owners(keys));
  owners_.clear();
  for (auto& [key, position] : owners)
    owners_.emplace(key, position);
  return {};
}

void SinkUniqueIndex::settle(uint64_t group) {
  std::erase_if(in_flight_, [group](const auto& entry) { return entry.second.group == group; });
}

void SinkUniqueIndex::claim(std::string_view field, std::string_view value, LogPosition position) {
  if (field != key_field_) return;
  // Only a valid record claims, and it was valid because the key was free, its own, or held
  // by a stale claim: it is the owner now.
  auto it = in_flight_.find(value);
  if (it == in_flight_.end()) {
    in_flight_.emplace(std::string(value), InFlightClaim{position, group_});
  } else {
    it->second = InFlightClaim{position, group_};
  }
}

std::optional<LogPosition> SinkUniqueIndex::owner(std::string_view field, std::string_view value) {
  if (field != key_field_) return std::nullopt;
  // A claim in flight is newer than what the sink holds; a stale one gives way to the sink's.
  if (auto it = in_flight_.find(value); it != in_flight_.end() && !is_stale(it->second.position)) {
    return it->second.position;
  }
  if (owners_.empty()) return std::nullopt;  // most groups hold no stored key at all
  auto it = owners_.find(value);
  if (it == owners_.end() || is_stale(it->second)) return std::nullopt;
  return it->second;
}

}  // namespace sluice
