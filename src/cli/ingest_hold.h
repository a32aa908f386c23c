// When `sluice run` holds its ingest back (process.max_lag_records): while the records published
// but not yet stored exceed the bound. The processor's own lag (how far its reader is behind the
// log) is fresh while it reads, but it stops moving when the processor is stuck on its sink: its
// reader fills its queue and stops polling. So the log is also asked how far the group's
// committed offsets are behind its ends: that figure grows while nothing is stored, whatever the
// processor's threads are doing. The loop asks before each run and every 100 ms while held:
// reading two offset maps (in memory on the embedded log, one request each on Kafka).
#pragma once

#include <cstdint>
#include <string>

#include "log/log.h"
#include "process/probe.h"

namespace sluice::cli {

class IngestHold {
 public:
  // `log` and `probe` must outlive the hold; `group` is the processor's consumer group.
  IngestHold(Log* log, std::string group, const ProcessProbe* probe, int64_t max_lag_records);

  // True while ingest should wait. Called from the ingest thread only.
  bool operator()();

  // Records published but not committed by the group at the last look (0 before the first).
  int64_t uncommitted() const { return uncommitted_; }

 private:
  Log* log_;
  std::string group_;
  const ProcessProbe* probe_;
  int64_t max_lag_records_;
  int64_t uncommitted_ = 0;
};

}  // namespace sluice::cli
