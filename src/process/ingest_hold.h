// When ingest waits (process.max_lag_records): while the records published but not yet stored
// exceed the bound. `sluice run` asks before each interval run and every 100 ms while held, and
// its workflow's `ingest` tasks ask the same hold before their run.
//
// The processor's own lag (how far its reader is behind the log) is fresh while it reads, but
// it stops moving when the processor is stuck on its sink: its reader fills its queue and stops
// polling. So the log is also asked how far the group's committed offsets are behind its ends:
// that figure grows while nothing is stored, whatever the processor's threads are doing. A look
// reads two offset maps (in memory on the embedded log, one request each on Kafka through
// clients the Kafka log keeps).
//
// Thread-safe: the interval loop and workflow tasks look from threads of their own.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

#include "log/log.h"
#include "process/probe.h"

namespace sluice {

class IngestHold {
 public:
  // `log` and `probe` must outlive the hold; `group` is the processor's consumer group.
  IngestHold(Log* log, std::string group, const ProcessProbe* probe, int64_t max_lag_records);

  // True while ingest should wait.
  bool operator()();

  // Blocks while held, looking every `poll_ms`; `on_held` is called once, with the records
  // waiting, when it has to wait at all. False when `cancel` was set first.
  bool wait_while_held(const std::atomic<bool>& cancel, int poll_ms,
                       const std::function<void(int64_t uncommitted)>& on_held);

  // Asks the log now how many records are published and not committed by the group, and
  // keeps the figure; a log that cannot say (a broker away) leaves the last one. Every hold
  // question looks, so the figure is as fresh as ingest's last question: before each ingest
  // run, and every poll while held.
  int64_t look();

  // Records published but not committed by the group at the last look (0 before the first).
  // `sluice run` shows it as `unstored` (status, progress line, sluice_unstored_records): unlike
  // the reader's lag, it keeps growing while the processor is stuck on its sink.
  int64_t uncommitted() const { return uncommitted_.load(); }
  int64_t max_lag_records() const { return max_lag_records_; }

 private:
  Log* log_;
  const std::string group_;
  const ProcessProbe* probe_;
  const int64_t max_lag_records_;
  std::mutex look_mutex_;  // one look at a time: a Kafka log's readers are shared
  std::atomic<int64_t> uncommitted_{0};
};

}  // namespace sluice
