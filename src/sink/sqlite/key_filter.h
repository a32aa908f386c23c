// KeyFilter: a Bloom filter of the keys stored in created_users, so that the owner lookups of
// `username_unique` skip the keys that are certainly new (most of them) instead of searching
// the key index for each. It never answers "absent" for a key it was given; "maybe present"
// is wrong for about 1% of new keys, which then cost the index search they cost before.
// The SQLite sink is the only writer of its database (the log directory's lock makes sure of
// one pipeline per data dir), so the keys it was loaded with plus those it stored are all keys.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace sluice::sqlite {

class KeyFilter {
 public:
  // Sized for `capacity` keys at 10-20 bits per key (a power of two, at least 64 Ki bits).
  explicit KeyFilter(size_t capacity = 0);

  void add(std::string_view key);
  bool may_contain(std::string_view key) const;
  // More keys than it was sized for: the false-positive rate climbs, rebuild it bigger.
  bool over_capacity() const { return count_ > capacity_; }
  size_t capacity() const { return capacity_; }
  size_t count() const { return count_; }

 private:
  static constexpr int kHashes = 7;  // optimal for 10 bits per key: ~0.8% false positives
  size_t capacity_;
  size_t count_ = 0;
  std::vector<uint64_t> bits_;
};

}  // namespace sluice::sqlite
