// SinkUniqueIndex: the stream-wide state behind `unique` rules (docs/architecture.md, "Data
// quality" and "Delivery contract").
// The truth is the sink itself: stored rows carry the log position they came from, so the
// index survives restarts and a replay of the same offsets sees its own rows and passes.
// Per batch, prefetch() asks the sink once for every key in the batch; claim() records the
// owners that the batch itself creates, so two records with one username in one batch are
// judged as if written one after the other. Records are partitioned by key, so one processor
// per partition sees every claim that matters. Not thread-safe: one per processing thread.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "quality/rule_set.h"
#include "sink/sink.h"

namespace sluice {

class SinkUniqueIndex : public UniqueIndex {
 public:
  SinkUniqueIndex(Sink* sink, std::string key_field)
      : sink_(sink), key_field_(std::move(key_field)) {}

  // Replaces the cached owners with the sink's owners of `keys`.
  Status prefetch(const std::vector<std::string_view>& keys);
  // The record about to be judged. An owner at a later position of the same partition is a
  // claim left by an earlier verdict on records that are being judged again (a replay, maybe
  // under changed rules): records are judged in log order, so it cannot hold yet and is ignored.
  void set_current(LogPosition position) { current_ = position; }
  // A valid record now holds `key` (unless an earlier record already does).
  void claim(std::string_view key, LogPosition position);

  std::optional<LogPosition> owner(std::string_view field, std::string_view value) override;

 private:
  Sink* sink_;
  std::string key_field_;
  bool is_stale(const LogPosition& owner) const {
    return owner.partition == current_.partition && owner.offset > current_.offset;
  }

  std::unordered_map<std::string, LogPosition> owners_;
  LogPosition current_;
};

}  // namespace sluice
