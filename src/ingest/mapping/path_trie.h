// PathTrie: every dotted JSON path a mapping reads, merged into one tree so that a single pass
// over a record's objects finds them all (a path shared by a field and a template is read once).
// Built at compile time, immutable afterwards; safe to share between threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sluice::mapping {

inline constexpr int32_t kNoSlot = -1;

struct PathNode {
  std::string key;                 // the object key that leads here ("" for the root)
  std::vector<uint32_t> children;  // indices into the trie's nodes
  int32_t slot = kNoSlot;          // capture slot when some field reads this path itself
};

class PathTrie {
 public:
  static constexpr uint32_t kRoot = 0;

  PathTrie();

  // Adds "a.b.c" and returns its capture slot; the same path always gets the same slot.
  // Fails on an empty path or an empty segment ("a..b").
  Result<uint32_t> add(std::string_view dotted_path);

  const PathNode& node(uint32_t i) const { return nodes_[i]; }
  // The child of `parent` reached by `key`, or -1. Linear: objects have few wanted keys.
  int32_t find_child(uint32_t parent, std::string_view key) const;
  uint32_t slot_count() const { return slot_count_; }

 private:
  std::vector<PathNode> nodes_;
  uint32_t slot_count_ = 0;
};

}  // namespace sluice::mapping
