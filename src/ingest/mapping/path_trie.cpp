#include "ingest/mapping/path_trie.h"

namespace sluice::mapping {

PathTrie::PathTrie() : nodes_(1) {}

int32_t PathTrie::find_child(uint32_t parent, std::string_view key) const {
  for (uint32_t child : nodes_[parent].children) {
    if (nodes_[child].key == key) return static_cast<int32_t>(child);
  }
  return -1;
}

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
      child = static_cast<int32_t>(nodes_.size());
      nodes_.push_back(PathNode{std::string(key), {}, kNoSlot});
      nodes_[node].children.push_back(static_cast<uint32_t>(child));
    }
    node = static_cast<uint32_t>(child);
    start = dot + 1;
  }
  if (nodes_[node].slot == kNoSlot) nodes_[node].slot = static_cast<int32_t>(slot_count_++);
  return static_cast<uint32_t>(nodes_[node].slot);
}

}  // namespace sluice::mapping
