#include "cli/ingest_hold.h"

#include <utility>

#include "log/catch_up.h"

namespace sluice::cli {

IngestHold::IngestHold(Log* log, std::string group, const ProcessProbe* probe,
                       int64_t max_lag_records)
    : log_(log), group_(std::move(group)), probe_(probe), max_lag_records_(max_lag_records) {}

bool IngestHold::operator()() {
  if (probe_->lag.load() > max_lag_records_) return true;
  auto ends = log_->readable_ends();
  auto committed = ends.ok() ? log_->group_offsets(group_) : ends.status();
  // A log that cannot say (a broker away) leaves the last figure: the ingest run itself will
  // meet the outage and wait.
  if (ends.ok() && committed.ok()) uncommitted_ = catch_up(*ends, *committed).records;
  return uncommitted_ > max_lag_records_;
}

}  // namespace sluice::cli
