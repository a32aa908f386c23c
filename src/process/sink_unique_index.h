// SinkUniqueIndex: the stream-wide state behind `unique` rules (docs/architecture.md,
// "Uniqueness"). The truth is the sink itself: stored rows carry the log position they came
// from, so the index survives restarts and a replay of the same offsets sees its own rows and
// passes. Per group, prefetch() asks the sink once for every key in it; claims made by groups
// that are submitted but not yet completed are laid over the sink's answer (the sink may not
// show them yet), and settle() drops a group's claims once the sink holds them. Two records
// with one key in flight at once are thus judged as if written one after the other.
// Records are partitioned by key, so the one worker that owns a partition sees every claim
// that matters. Only the key field is indexed (config refuses `unique` on other fields).
// Not thread-safe: the processor's writer thread only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "quality/rule_set.h"
#include "sink/sink.h"

namespace sluice {

class SinkUniqueIndex final : public UniqueIndex {
 public:
  SinkUniqueIndex(Sink* sink, std::string key_field)
      : sink_(sink), key_field_(std::move(key_field)) {}

  // Replaces the cached owners with the sink's owners of `keys` (claims in flight stay).
  Status prefetch(const std::vector<std::string_view>& keys);
  // Claims from now on belong to this group (until settle(group)).
  void begin_group(uint64_t group) { group_ = group; }
  // The group is stored: the sink answers for its claims from now on.
  void settle(uint64_t group);
  // The record about to be judged. An owner at a later position of the same partition is a
  // claim left by an earlier verdict on records that are being judged again (a replay, maybe
  // under changed rules): records are judged in log order, so it cannot hold yet and is ignored.
  void set_current(LogPosition position) { current_ = position; }

  std::optional<LogPosition> owner(std::string_view field, std::string_view value) override;
  void claim(std::string_view field, std::string_view value, LogPosition position) override;

 private:
  bool is_stale(const LogPosition& owner) const {
    return owner.partition == current_.partition && owner.offset > current_.offset;
  }
  struct InFlightClaim {
    LogPosition position;
    uint64_t group = 0;
  };
  // Looked up by string_view without building a std::string per lookup (every record asks).
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };
  template <typename V>
  using KeyMap = std::unordered_map<std::string, V, KeyHash, std::equal_to<>>;

  Sink* sink_;
  std::string key_field_;
  KeyMap<LogPosition> owners_;       // the sink's answer for the group being judged
  KeyMap<InFlightClaim> in_flight_;  // claims of groups not yet settled: newer than the sink
  uint64_t group_ = 0;
  LogPosition current_;
};

}  // namespace sluice
