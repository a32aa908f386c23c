// Processor: the `process` stage (docs/architecture.md). Two threads joined by a bounded
// queue: a reader takes committed batches from each log partition in turn, maps them and runs
// the rules that need no stream-wide state; a writer takes the queued batches as one group,
// runs the unique rule, upserts the valid records and quarantines the rest in one sink
// transaction, and only then commits the offsets (at most every 200 ms). A crash
// between the sink commit and the offset commit replays those batches, which upserts by key,
// quarantine keyed by (partition, offset) and the unique rule's own-row check make harmless.
#pragma once

#include <atomic>
#include <map>
#include <memory>

#include "core/config.h"
#include "core/status.h"
#include "log/log.h"
#include "process/probe.h"
#include "sink/sink.h"

namespace sluice {

struct ProcessorOptions {
  bool until_idle = false;  // return once every partition is caught up
  // When set and true, behave as until_idle from then on (`sluice run --once` flips it when
  // its ingest run has ended).
  const std::atomic<bool>* idle_exit = nullptr;
  bool reconcile = false;  // replay under changed rules: undo earlier verdicts (see Sink)
  int idle_sleep_ms = 20;  // longest wait for a commit when caught up (follow mode)
};

class Processor {
 public:
  // `log`, `sink` and `probe` must outlive the Processor. The sink must be open.
  Processor(const PipelineConfig& config, Log* log, Sink* sink, ProcessProbe* probe);
  ~Processor();

  // Runs until `stop` becomes true (then drains in-flight batches and commits them) or, with
  // until_idle, until caught up. Returns the first error that stopped it.
  Status run(const std::atomic<bool>& stop, const ProcessorOptions& options);

  // Moves the group's committed offsets (for replay). Offsets past the end are clamped.
  Status reset_offsets(const std::map<int, int64_t>& offsets);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sluice
