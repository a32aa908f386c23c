#include "ingest/ingest_loop.h"

#include <chrono>

#include "core/clock.h"

namespace sluice {

int64_t run_ingest_loop(Ingestor& ingestor, IngestProbe& probe, const IngestLoopOptions& options,
                        const std::atomic<bool>& stop) {
  constexpr int kHoldPollMs = 100;
  ingestor.set_observer([&probe, &options](const SourceBatch& batch) {
    probe.batch_fetched(batch);
    if (options.on_batch) options.on_batch(batch);
  });
  int64_t failed = 0;
  while (!stop.load()) {
    if (options.hold && options.hold()) {
      wait_for(kHoldPollMs, stop);
      continue;
    }
    const auto next_start =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(options.interval_ms);
    std::unique_lock<std::mutex> turn;
    if (options.run_lock != nullptr) turn = std::unique_lock(*options.run_lock);
    const Result<IngestSummary> run = ingestor.run_once(stop);
    if (turn.owns_lock()) turn.unlock();
    probe.run_done(run);
    if (!run.ok()) ++failed;
    if (options.on_run) options.on_run(run);
    if (options.once) break;
    wait_until(next_start, stop);
  }
  ingestor.set_observer(nullptr);  // it refers to `options`, which the caller may drop now
  return failed;
}

}  // namespace sluice
