// The ingest schedule: Ingestor::run_once every `interval_ms`, start to start, until stopped,
// or once. `sluice run` and `sluice ingest` both run it; a scheduler can drive ingest the same
// way. The loop owns no part: the caller builds the Ingestor (over whatever log it publishes
// to, or none for a dry run) and keeps it and the probe alive while the loop runs.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>

#include "core/status.h"
#include "ingest/ingest_run.h"
#include "ingest/probe.h"

namespace sluice {

struct IngestLoopOptions {
  // Start to start, as a schedule: a run that took longer is followed at once by the next,
  // without bunching up the missed ones.
  int interval_ms = 5000;
  bool once = false;  // one run, then return
  // Backpressure: while this returns true no run starts (asked again every 100 ms), e.g. while
  // the processor is far behind. Empty: never hold.
  std::function<bool()> hold = nullptr;
  // Each fetched batch, on the fetching thread, after the probe counted it (e.g. a dry run's
  // checks). Empty: none.
  Ingestor::BatchObserver on_batch = nullptr;
  // Each run's result, on the loop's thread, after the probe counted it. Empty: none.
  std::function<void(const Result<IngestSummary>&)> on_run = nullptr;
  // Held around each run when set: another user of the same source and writer (a workflow's
  // ingest task inside `sluice run`) takes it too, so that runs never overlap.
  std::mutex* run_lock = nullptr;
};

// Runs until `stop` is set (checked between batches and while waiting) or, with `once`, after
// one run. Sets the ingestor's batch observer. Returns the number of runs that failed; a
// failed run does not end the loop, the next one resumes from the stored cursor.
int64_t run_ingest_loop(Ingestor& ingestor, IngestProbe& probe, const IngestLoopOptions& options,
                        const std::atomic<bool>& stop);

}  // namespace sluice
