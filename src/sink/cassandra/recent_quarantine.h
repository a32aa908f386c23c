// The newest quarantine rows this process wrote, for the dashboard (Sink::recent_quarantine).
// Cassandra's quarantine table is keyed by log position, one row per partition key, so it cannot
// be read newest-first without scanning it whole; instead the sink remembers the last rows of
// the groups it completed. A worker thus lists what it quarantined since it started, which is
// what its own dashboard is about. Thread-safe; bounded.
#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

#include "sink/sink.h"

namespace sluice {

class RecentQuarantine {
 public:
  explicit RecentQuarantine(size_t capacity = 1000) : capacity_(capacity) {}

  // Rows of a group that is now durable, in group order (the last one is the newest).
  void add(const std::vector<QuarantineRow>& rows);
  // At most `limit` rows, newest first.
  std::vector<StoredQuarantineRow> newest(int limit) const;

 private:
  const size_t capacity_;
  mutable std::mutex mu_;
  std::deque<StoredQuarantineRow> rows_;  // oldest first
};

}  // namespace sluice
