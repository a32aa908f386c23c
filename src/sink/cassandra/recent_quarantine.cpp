#include "sink/cassandra/recent_quarantine.h"

#include <algorithm>

#include "core/clock.h"
#include "core/reason.h"

namespace sluice {

void RecentQuarantine::add(const std::vector<QuarantineRow>& rows) {
  // Only the last `capacity_` rows can stay: skip encoding the ones that would drop out at once.
  const size_t first = rows.size() > capacity_ ? rows.size() - capacity_ : 0;
  std::vector<StoredQuarantineRow> stored;
  stored.reserve(rows.size() - first);
  for (size_t i = first; i < rows.size(); ++i) {
    const QuarantineRow& r = rows[i];
    stored.push_back(
        {r.position, r.raw, reasons_to_json(r.reasons), format_iso8601_ms(r.ingested_at_ms)});
  }
  std::lock_guard lock(mu_);
  for (auto& row : stored)
    rows_.push_back(std::move(row));
  while (rows_.size() > capacity_)
    rows_.pop_front();
}

std::vector<StoredQuarantineRow> RecentQuarantine::newest(int limit) const {
  std::lock_guard lock(mu_);
  const size_t n = std::min(rows_.size(), static_cast<size_t>(std::max(limit, 0)));
  return {rows_.rbegin(), rows_.rbegin() + static_cast<std::ptrdiff_t>(n)};
}

}  // namespace sluice
