// GroupCoordinator: consumer groups of a log that lives in this process (embedded, memory).
// Partitions are spread round-robin over a group's members in join order and move when a
// member joins or leaves. Hand-over is cooperative, as in Kafka's cooperative-sticky
// protocol: a partition's new owner gets it only after the old owner released it (its
// consumer revoked it through the listener and committed what was durable), so two members
// never read one partition at once. The group's committed offsets are kept here too, merged
// per partition, so members committing their own partitions never overwrite each other's.
// Thread-safe: one mutex.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"

namespace sluice {

class GroupCoordinator {
 public:
  // Reads and writes a group's whole offsets map where the log keeps it.
  using LoadOffsets = std::function<Result<std::map<int, int64_t>>(const std::string& group)>;
  using StoreOffsets =
      std::function<Status(const std::string& group, const std::map<int, int64_t>& offsets)>;

  GroupCoordinator(int partitions, LoadOffsets load, StoreOffsets store)
      : partitions_(partitions), load_(std::move(load)), store_(std::move(store)) {}

  // A new member; the group rebalances.
  Result<int> join(const std::string& group);
  // The member is gone: whatever it still owns becomes free (a crash-like leave when its
  // consumer did not revoke first).
  void leave(const std::string& group, int member);

  // Changes whenever the group's members change, so a consumer knows when to look again.
  uint64_t generation(const std::string& group);
  // The partitions the member should own now.
  std::vector<int> target(const std::string& group, int member);
  // Takes those of `wanted` that no member owns; returns what it took.
  std::vector<int> acquire(const std::string& group, int member, const std::vector<int>& wanted);
  void release(const std::string& group, int member, const std::vector<int>& partitions);

  // Stores offsets of partitions the member owns (refusing any it does not).
  Status commit(const std::string& group, int member, const std::map<int, int64_t>& offsets);
  std::map<int, int64_t> committed(const std::string& group);

 private:
  struct Group {
    std::vector<int> members;        // in join order
    std::map<int, int> owner;        // partition -> member holding it
    std::map<int, int64_t> offsets;  // committed, loaded at the first join
    uint64_t generation = 0;
  };
  Group* find(const std::string& group);  // null when unknown; mu_ held

  const int partitions_;
  LoadOffsets load_;
  StoreOffsets store_;
  std::mutex mu_;
  std::map<std::string, Group> groups_;
  int next_member_ = 1;
};

}  // namespace sluice
