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
  ingestor.set_fetch_observer(
      [&probe](std::string_view status, int64_t bytes) { probe.fetch_done(status, bytes); });
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
    const auto started = std::chrono::steady_clock::now();
    const Result<IngestSummary> run = ingestor.run_once(stop);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (turn.owns_lock()) turn.unlock();
    probe.run_done(run, seconds);
    if (!run.ok()) ++failed;
    if (options.on_run) options.on_run(run);
    if (options.once) break;
    wait_until(next_start, stop);
  }
  ingestor.set_observer(nullptr);  // it refers to `options`, which the caller may drop now
  ingestor.set_fetch_observer(nullptr);
  return failed;
}

}  // namespace sluice
