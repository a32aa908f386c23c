#include "transform/path_trie.h"

#include <cstring>

namespace sluice::mapping {

PathTrie::PathTrie() : nodes_(1) {}

Result<uint32_t> PathTrie::add(std::string_view dotted_path) {
  if (dotted_path.empty()) return Status::invalid_argument("empty JSON path");
  uint32_t node = kRoot;
  size_t start = 0;
  while (start <= dotted_path.size()) {
    size_t dot = dotted_path.find('.', start);
    if (dot == std::string_view::npos) dot = dotted_path.size();
    std::string_view key = dotted_path.substr(start, dot - start);
    if (key.empty()) {
      return Status::invalid_argument("JSON path '" + std::string(dotted_path) +
                                      "' has an empty segment");
    }
    int32_t child = find_child(node, key);
    if (child < 0) {
      if (nodes_.size() >= kMaxNodes) return Status::invalid_argument("too many JSON paths");
      child = static_cast<int32_t>(nodes_.size());
      PathNode fresh;
      fresh.key = std::string(key);
      nodes_.push_back(std::move(fresh));
      nodes_[node].children.push_back(static_cast<uint32_t>(child));
      rebuild_table(node);
    }
    node = static_cast<uint32_t>(child);
    start = dot + 1;
  }
  if (nodes_[node].slot == kNoSlot) nodes_[node].slot = static_cast<int32_t>(slot_count_++);
  return static_cast<uint32_t>(nodes_[node].slot);
}

void PathTrie::rebuild_table(uint32_t node) {
  PathNode& n = nodes_[node];
  n.has_table = false;
  // Tries odd seeds until the children's keys land in distinct buckets; with a handful of keys
  // in 64 buckets one of the first few does. If none does, find_child scans instead.
  for (uint32_t k = 0; k < 1024; ++k) {
    uint32_t seed = 0x9E3779B1U * (2 * k + 1);
    std::array<int16_t, kTableSize> table;
    table.fill(-1);
    bool collided = false;
    for (uint32_t child : n.children) {
      int16_t& bucket = table[hash_key(nodes_[child].key, seed)];
      collided = collided || bucket >= 0;
      bucket = static_cast<int16_t>(child);
    }
    if (!collided) {
      n.hash_seed = seed;
      n.table = table;
      n.has_table = true;
      return;
    }
  }
}

}  // namespace sluice::mapping
