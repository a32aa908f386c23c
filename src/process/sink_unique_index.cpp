#include "process/sink_unique_index.h"

namespace sluice {

Status SinkUniqueIndex::prefetch(const std::vector<std::string_view>& keys) {
  SLUICE_ASSIGN_OR_RETURN(owners_, sink_->key_owners(keys));
  if (in_flight_.empty()) return {};
  for (std::string_view key : keys) {
    auto it = in_flight_.find(std::string(key));
    if (it != in_flight_.end()) owners_[it->first] = it->second.position;
  }
  return {};
}

void SinkUniqueIndex::settle(uint64_t group) {
  auto claims = claims_of_group_.find(group);
  if (claims == claims_of_group_.end()) return;
  for (const std::string& key : claims->second) {
    auto it = in_flight_.find(key);
    if (it != in_flight_.end() && it->second.group == group) in_flight_.erase(it);
  }
  claims_of_group_.erase(claims);
}

void SinkUniqueIndex::claim(std::string_view field, std::string_view value, LogPosition position) {
  if (field != key_field_) return;
  // Only a valid record claims, and it was valid because the key was free, its own, or held
  // by a stale claim: it is the owner now.
  std::string key(value);
  owners_[key] = position;
  in_flight_[key] = InFlightClaim{position, group_};
  claims_of_group_[group_].push_back(std::move(key));
}

std::optional<LogPosition> SinkUniqueIndex::owner(std::string_view field, std::string_view value) {
  if (field != key_field_) return std::nullopt;
  auto it = owners_.find(std::string(value));
  if (it == owners_.end() || is_stale(it->second)) return std::nullopt;
  return it->second;
}

}  // namespace sluice
