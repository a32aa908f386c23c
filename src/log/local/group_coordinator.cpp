#include "log/local/group_coordinator.h"

#include <algorithm>

namespace sluice {

GroupCoordinator::Group* GroupCoordinator::find(const std::string& group) {
  auto it = groups_.find(group);
  return it == groups_.end() ? nullptr : &it->second;
}

Result<int> GroupCoordinator::join(const std::string& group) {
  std::lock_guard lock(mu_);
  Group* g = find(group);
  if (g == nullptr) {
    SLUICE_ASSIGN_OR_RETURN(auto offsets, load_(group));
    g = &groups_[group];
    g->offsets = std::move(offsets);
  }
  const int member = next_member_++;
  g->members.push_back(member);
  ++g->generation;
  return member;
}

void GroupCoordinator::leave(const std::string& group, int member) {
  std::lock_guard lock(mu_);
  Group* g = find(group);
  if (g == nullptr) return;
  std::erase(g->members, member);
  std::erase_if(g->owner, [member](const auto& entry) { return entry.second == member; });
  ++g->generation;
}

uint64_t GroupCoordinator::generation(const std::string& group) {
  std::lock_guard lock(mu_);
  Group* g = find(group);
  return g == nullptr ? 0 : g->generation;
}

std::vector<int> GroupCoordinator::target(const std::string& group, int member) {
  std::lock_guard lock(mu_);
  std::vector<int> mine;
  Group* g = find(group);
  if (g == nullptr) return mine;
  auto at = std::find(g->members.begin(), g->members.end(), member);
  if (at == g->members.end()) return mine;
  const int index = static_cast<int>(at - g->members.begin());
  const int n = static_cast<int>(g->members.size());
  for (int p = index; p < partitions_; p += n)
    mine.push_back(p);
  return mine;
}

std::vector<int> GroupCoordinator::acquire(const std::string& group, int member,
                                           const std::vector<int>& wanted) {
  std::lock_guard lock(mu_);
  std::vector<int> taken;
  Group* g = find(group);
  if (g == nullptr) return taken;
  for (int p : wanted) {
    if (g->owner.try_emplace(p, member).second) taken.push_back(p);
  }
  return taken;
}

void GroupCoordinator::release(const std::string& group, int member,
                               const std::vector<int>& partitions) {
  std::lock_guard lock(mu_);
  Group* g = find(group);
  if (g == nullptr) return;
  for (int p : partitions) {
    auto it = g->owner.find(p);
    if (it != g->owner.end() && it->second == member) g->owner.erase(it);
  }
}

Status GroupCoordinator::commit(const std::string& group, int member,
                                const std::map<int, int64_t>& offsets) {
  std::lock_guard lock(mu_);
  Group* g = find(group);
  if (g == nullptr) return Status::invalid_argument("consumer group '" + group + "' is unknown");
  for (const auto& [p, offset] : offsets) {
    auto it = g->owner.find(p);
    if (it == g->owner.end() || it->second != member) {
      return Status::aborted("partition " + std::to_string(p) + " of group '" + group +
                             "' is not assigned to this consumer (a rebalance moved it)");
    }
    if (offset < 0) {
      return Status::invalid_argument("negative offset for partition " + std::to_string(p));
    }
  }
  std::map<int, int64_t> merged = g->offsets;
  for (const auto& [p, offset] : offsets)
    merged[p] = offset;
  SLUICE_RETURN_IF_ERROR(store_(group, merged));
  g->offsets = std::move(merged);
  return Status::ok_status();
}

std::map<int, int64_t> GroupCoordinator::committed(const std::string& group) {
  std::lock_guard lock(mu_);
  Group* g = find(group);
  return g == nullptr ? std::map<int, int64_t>{} : g->offsets;
}

}  // namespace sluice
