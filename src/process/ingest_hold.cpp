#include "process/ingest_hold.h"

#include <algorithm>
#include <utility>

#include "core/clock.h"
#include "log/catch_up.h"

namespace sluice {

IngestHold::IngestHold(Log* log, std::string group, const ProcessProbe* probe,
                       int64_t max_lag_records)
    : log_(log), group_(std::move(group)), probe_(probe), max_lag_records_(max_lag_records) {}

bool IngestHold::operator()() {
  // Both figures hold; the log is asked even when the reader's lag already says so, to keep
  // uncommitted() fresh for the status while ingest waits.
  const bool reader_behind = probe_->lag.load() > max_lag_records_;
  return look() > max_lag_records_ || reader_behind;
}

int64_t IngestHold::look() {
  std::lock_guard lock(look_mutex_);
  auto ends = log_->readable_ends();
  auto committed = ends.ok() ? log_->group_offsets(group_) : ends.status();
  // A log that cannot say (a broker away) leaves the last figure: the ingest run itself will
  // meet the outage and wait.
  if (ends.ok() && committed.ok()) uncommitted_ = catch_up(*ends, *committed).records;
  return uncommitted_.load();
}

bool IngestHold::wait_while_held(const std::atomic<bool>& cancel, int poll_ms,
                                 const std::function<void(int64_t)>& on_held) {
  bool said = false;
  while (!cancel.load() && (*this)()) {
    if (!said && on_held) on_held(std::max(uncommitted(), probe_->lag.load()));
    said = true;
    wait_for(poll_ms, cancel);
  }
  return !cancel.load();
}

}  // namespace sluice
