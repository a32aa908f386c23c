// Ingestor: one extraction run of the ingest stage (docs/architecture.md). From the
// cursor stored with the last published batch, it takes up to the source's batches-per-run,
// keys each record by the pipeline's key field and publishes each batch with its cursor as one
// log transaction, acknowledged only once durable. An empty batch ends the run without moving
// the cursor. A failed request fails the run; what was published before it stays published and
// the next run resumes after it. Not thread-safe: one run at a time.
//
// A run is two threads: one fetches the next batch and keys its records while the other
// publishes the previous one, so a page's request and parsing overlap the log's fsync of the
// page before. At most one batch waits between them; a batch fetched but never published
// (the run stopped or failed first) is fetched again by the next run from the stored cursor.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "core/config.h"
#include "core/status.h"
#include "ingest/source.h"
#include "log/log.h"
#include "transform/mapper.h"

namespace sluice {

struct IngestSummary {
  int64_t batches = 0;         // batches (pages) published, or seen in a dry run
  int64_t fetched = 0;         // records received from the source
  int64_t published = 0;       // records acknowledged by the log
  int64_t rejected_early = 0;  // records the source itself refused (e.g. a file line not JSON)
  int64_t requests = 0;
  int64_t retries = 0;
  std::string cursor_before;
  std::string cursor_after;
  bool reached_end = false;  // stopped at an empty batch
};

class Ingestor {
 public:
  // Called with each non-empty batch before it is published (e.g. dry-run checks, metrics),
  // on the fetching thread.
  using BatchObserver = std::function<void(const SourceBatch&)>;

  // `log` may be null for a dry run: batches are then observed but not published, and the run
  // starts from `dry_run_cursor`. Pointers must outlive the Ingestor.
  Ingestor(Source* source, Mapper* key_mapper, LogWriter* log);

  void set_observer(BatchObserver observer) { observer_ = std::move(observer); }
  // Each response of the source (Source::FetchObserver), on the fetching thread.
  void set_fetch_observer(Source::FetchObserver observer) {
    source_->set_fetch_observer(std::move(observer));
  }
  void set_dry_run_cursor(std::string cursor) { dry_run_cursor_ = std::move(cursor); }

  // One run, stopping early (between batches) when `stop` becomes true.
  Result<IngestSummary> run_once(const std::atomic<bool>& stop);

 private:
  struct Fetched;
  // The fetching thread's side: batches with their records keyed, handed to `sink` in order.
  void fetch_loop(const std::atomic<bool>& stop, const std::atomic<bool>& halt,
                  const std::function<bool(Fetched&)>& sink);

  Source* source_;
  Mapper* key_mapper_;
  LogWriter* log_;
  BatchObserver observer_;
  std::string dry_run_cursor_;
};

}  // namespace sluice
