#include "ingest/ingest_run.h"

#include <spdlog/spdlog.h>

#include <thread>
#include <vector>

#include "core/bounded_queue.h"
#include "core/clock.h"
#include "core/fault.h"
#include "core/log_context.h"

namespace sluice {

Ingestor::Ingestor(Source* source, Mapper* key_mapper, LogWriter* log)
    : source_(source), key_mapper_(key_mapper), log_(log) {
  // Published records need their keys; sources that parse records anyway read them on the way.
  if (log_ != nullptr) source_->set_key_path(key_mapper_->key_path());
}

// One fetched batch on its way from the fetching thread to the publishing one.
struct Ingestor::Fetched {
  Status status;                   // the request failed: nothing else is set
  bool end = false;                // an empty batch: the source has nothing more for this run
  std::vector<LogRecord> records;  // keyed, the JSON moved out of the source batch
  int64_t rejected = 0;
  std::string cursor_after;
  std::string source_id;
};

void Ingestor::fetch_loop(const std::atomic<bool>& stop, const std::atomic<bool>& halt,
                          const std::function<bool(Fetched&)>& sink) {
  const int max_batches = source_->max_batches_per_run();
  for (int i = 0; (max_batches < 0 || i < max_batches) && !stop.load() && !halt.load(); ++i) {
    Fetched out;
    auto batch = source_->next();
    fault_point("ingest.after_fetch");  // a page fetched, not yet published
    if (!batch.ok()) {
      out.status = batch.status();
      sink(out);
      return;
    }
    out.rejected = static_cast<int64_t>(batch->rejected.size());
    for (const auto& why : batch->rejected)
      spdlog::warn("ingest: rejected {}", why);
    out.end = batch->records.empty();
    if (!out.end && observer_) observer_(*batch);
    if (!out.end && log_ != nullptr) {
      const int64_t now = now_ms();
      out.records.reserve(batch->records.size());
      // Keys the source read while parsing save a second parse of every record.
      const bool keyed = batch->keys.size() == batch->records.size();
      for (size_t i = 0; i < batch->records.size(); ++i) {
        std::string key =
            keyed ? std::move(batch->keys[i]) : key_mapper_->key_of(batch->records[i]);
        out.records.push_back(LogRecord{std::move(key), std::move(batch->records[i]), now});
      }
    } else {
      out.records.resize(batch->records.size());  // a dry run only counts them
    }
    out.cursor_after = std::move(batch->cursor_after);
    out.source_id = std::move(batch->source_id);
    const bool end = out.end;
    if (!sink(out) || end) return;
  }
}

Result<IngestSummary> Ingestor::run_once(const std::atomic<bool>& stop) {
  IngestSummary summary;
  if (log_ != nullptr) {
    SLUICE_ASSIGN_OR_RETURN(summary.cursor_before, log_->last_cursor());
  } else {
    summary.cursor_before = dry_run_cursor_;
  }
  summary.cursor_after = summary.cursor_before;
  SLUICE_RETURN_IF_ERROR(source_->seek(summary.cursor_before));
  const SourceStats before = source_->stats();

  BoundedQueue<Fetched> queue(1);
  std::atomic<bool> halt{false};  // the publishing side gave up: fetch no more
  std::thread fetcher([&, context = current_log_context()] {
    const ScopedLogContext inherited(context);
    fetch_loop(stop, halt, [&](Fetched& f) { return queue.push(f); });
    queue.close();
  });

  Status failure;
  while (auto fetched = queue.pop()) {
    if (!fetched->status.ok()) {
      failure = fetched->status;
      break;
    }
    summary.rejected_early += fetched->rejected;
    if (fetched->end) {
      summary.reached_end = true;
      break;
    }
    summary.fetched += static_cast<int64_t>(fetched->records.size());
    if (log_ != nullptr) {
      failure = log_->publish(fetched->records, fetched->cursor_after)
                    .with_context("publishing " + fetched->source_id + " to the log");
      if (!failure.ok()) break;
      summary.published += static_cast<int64_t>(fetched->records.size());
    }
    ++summary.batches;
    summary.cursor_after = fetched->cursor_after;
  }
  halt = true;
  queue.close();
  fetcher.join();

  const SourceStats after = source_->stats();
  summary.requests = after.requests - before.requests;
  summary.retries = after.retries - before.retries;
  if (!failure.ok()) {
    return failure.with_context(
        fmt::format("ingest run stopped after {} published batches (resume cursor '{}')",
                    summary.batches, summary.cursor_after));
  }
  return summary;
}

}  // namespace sluice
