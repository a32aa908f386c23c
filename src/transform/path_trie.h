// PathTrie: every dotted JSON path a mapping reads, merged into one tree so that a single pass
// over a record's objects finds them all (a path shared by a field and a template is read once).
// Built at compile time, immutable afterwards; safe to share between threads.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
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
  // Collision-free hash of the children's keys (empty: scan `children`). Most keys of a record
  // are not wanted, so rejecting them in one probe matters more than finding the wanted ones.
  uint32_t hash_seed = 0;
  bool has_table = false;
  std::array<int16_t, 64> table;  // bucket -> child index or -1; one cache line
};

class PathTrie {
 public:
  static constexpr uint32_t kRoot = 0;
  static constexpr uint32_t kTableSize = 64;  // hash_key() returns the top 6 bits
  static constexpr size_t kMaxNodes = 32767;  // node indices fit PathNode::table

  PathTrie();

  // Adds "a.b.c" and returns its capture slot; the same path always gets the same slot.
  // Fails on an empty path or an empty segment ("a..b").
  Result<uint32_t> add(std::string_view dotted_path);

  const PathNode& node(uint32_t i) const { return nodes_[i]; }
  // The child of `parent` reached by `key`, or -1. Inline: it runs for every key of a record.
  int32_t find_child(uint32_t parent, std::string_view key) const {
    const PathNode& p = nodes_[parent];
    if (p.has_table) {
      int32_t child = p.table[hash_key(key, p.hash_seed)];
      return child >= 0 && same_key(nodes_[child].key, key) ? child : -1;
    }
    for (uint32_t child : p.children) {
      if (same_key(nodes_[child].key, key)) return static_cast<int32_t>(child);
    }
    return -1;
  }

  // Multiplicative hash of the key's size and three of its bytes; `seed` is an odd multiplier
  // and the top 6 bits of the product pick the bucket, so each seed spreads keys differently.
  static uint32_t hash_key(std::string_view key, uint32_t seed) {
    if (key.empty()) return 0;
    auto byte = [&](size_t i) { return uint32_t{static_cast<unsigned char>(key[i])}; };
    uint32_t v = static_cast<uint32_t>(key.size()) ^ (byte(0) << 8) ^ (byte(key.size() / 2) << 16) ^
                 (byte(key.size() - 1) << 24);
    return (v * seed) >> 26;
  }

  // Size and first byte reject most keys before a memcmp call (trie keys are never empty).
  static bool same_key(const std::string& k, std::string_view key) {
    return k.size() == key.size() && k[0] == key[0] &&
           std::memcmp(k.data(), key.data(), k.size()) == 0;
  }
  uint32_t slot_count() const { return slot_count_; }

 private:
  void rebuild_table(uint32_t node);

  std::vector<PathNode> nodes_;
  uint32_t slot_count_ = 0;
};

}  // namespace sluice::mapping
