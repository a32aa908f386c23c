// KeyFilter: a Bloom filter of the keys stored in created_users, so that the owner lookups of
// `username_unique` skip the keys that are certainly new (most of them) instead of searching
// the key index for each. It never answers "absent" for a key it was given; "maybe present"
// is wrong for about 1% of new keys, which then cost the index search they cost before.
// The SQLite sink is the only writer of its database (the log directory's lock makes sure of
// one pipeline per data dir), so the keys it was loaded with plus those it stored are all keys.
//
// It grows without rescanning the table (a rescan of a big table stalled the writer for tens of
// milliseconds): when the newest layer is full, a layer twice its size is added and new keys go
// there; a lookup asks every layer. Each layer is sized for ~1% false positives when full, so
// after n doublings a new key is misjudged with probability ~1% * (layers), a few percent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace sluice::sqlite {

class KeyFilter {
 public:
  // The first layer holds `capacity` keys (at least ~6,500) at 10-20 bits per key.
  explicit KeyFilter(size_t capacity = 0);

  void add(std::string_view key);
  bool may_contain(std::string_view key) const;
  size_t count() const;
  size_t layers() const { return layers_.size(); }

 private:
  struct Layer {
    explicit Layer(size_t capacity);
    size_t capacity;
    size_t count = 0;
    std::vector<uint64_t> bits;  // a power of two of them, so a probe is a mask
    // Where in `bits` the 512-bit block (8 words) that a key with this hash uses starts.
    size_t block_start(uint64_t hash) const;
  };
  static constexpr int kHashes = 7;  // ~optimal for 10 bits per key: ~1% false positives
  std::vector<Layer> layers_;
};

}  // namespace sluice::sqlite
