// The `ingest` task kind: one extraction run, as `sluice ingest --once`. Inside `sluice run` it
// borrows the run's source, mapper and writer and takes the interval loop's lock, so that the
// embedded log keeps its one writer and two runs never interleave pages of one cursor; and it
// waits, as the interval loop does, while the processor is more than process.max_lag_records
// behind (a stalled sink must not let a schedule fill the log).
#include <fmt/format.h>

#include <chrono>

#include "cli/pipeline_tasks.h"
#include "ingest/ingest_run.h"

namespace sluice::cli {
namespace {

constexpr int kHoldPollMs = 100;  // as the interval loop looks

std::string summary_line(const IngestSummary& s) {
  return fmt::format(
      "ingest: {} pages, {} records fetched, {} published, {} rejected early; {} requests, {} "
      "retries; cursor '{}' -> '{}'{}\n",
      s.batches, s.fetched, s.published, s.rejected_early, s.requests, s.retries, s.cursor_before,
      s.cursor_after, s.reached_end ? " (reached an empty page)" : "");
}

Status run_and_report(Source& source, Mapper& mapper, LogWriter& writer, IngestProbe* probe,
                      schedule::AttemptLog& log, const std::atomic<bool>& cancel) {
  Ingestor ingestor(&source, &mapper, &writer);
  if (probe != nullptr) {
    ingestor.set_observer([probe](const SourceBatch& batch) { probe->batch_fetched(batch); });
  }
  const auto started = std::chrono::steady_clock::now();
  const Result<IngestSummary> run = ingestor.run_once(cancel);
  if (probe != nullptr) {
    probe->run_done(
        run, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  if (!run.ok()) return run.status();
  log.write(summary_line(*run));
  // Stopped between pages: what was published stays, with its cursor; the next run resumes.
  if (cancel.load()) return Status::aborted("stopped between pages (the cursor is stored)");
  return Status::ok_status();
}

}  // namespace

Status ingest_task(const std::string& config, const HostedPipeline* hosted,
                   schedule::AttemptLog& log, const std::atomic<bool>& cancel) {
  if (hosted != nullptr) {
    log.write("ingest: sharing the source and writer of sluice run (one run at a time)\n");
    if (hosted->hold != nullptr) {
      const int64_t bound = hosted->hold->max_lag_records();
      const bool go = hosted->hold->wait_while_held(cancel, kHoldPollMs, [&](int64_t waiting) {
        log.write(
            fmt::format("ingest: held while {} records are published and not yet stored (more than "
                        "process.max_lag_records, {}); waiting for the processor\n",
                        waiting, bound));
      });
      if (!go) return Status::aborted("stopped while ingest was held (nothing was fetched)");
    }
    std::lock_guard turn(*hosted->ingest_lock);
    return run_and_report(*hosted->source, *hosted->mapper, *hosted->writer, hosted->probe, log,
                          cancel);
  }
  SLUICE_ASSIGN_OR_RETURN(PipelineConfig loaded, load_task_config(config));
  const Schema schema = loaded.schema();
  SLUICE_ASSIGN_OR_RETURN(Mapper mapper, Mapper::compile(loaded.fields, schema));
  SLUICE_ASSIGN_OR_RETURN(auto source, make_source(loaded.source));
  SLUICE_ASSIGN_OR_RETURN(auto opened, make_log(loaded.log));
  SLUICE_ASSIGN_OR_RETURN(auto writer, opened->open_writer());
  return run_and_report(*source, mapper, *writer, nullptr, log, cancel);
}

}  // namespace sluice::cli
