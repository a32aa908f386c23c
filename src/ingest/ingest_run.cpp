#include "ingest/ingest_run.h"

#include <spdlog/spdlog.h>

#include <vector>

#include "core/clock.h"

namespace sluice {

Ingestor::Ingestor(Source* source, Mapper* key_mapper, Log* log)
    : source_(source), key_mapper_(key_mapper), log_(log) {}

Status Ingestor::publish(const SourceBatch& batch, IngestSummary* summary) {
  std::vector<LogRecord> records;
  records.reserve(batch.records.size());
  const int64_t now = now_ms();
  for (const std::string& json : batch.records) {
    records.push_back(LogRecord{key_mapper_->key_of(json), json, now});
  }
  SLUICE_RETURN_IF_ERROR(log_->publish(records, batch.cursor_after)
                             .with_context("publishing " + batch.source_id + " to the log"));
  summary->published += static_cast<int64_t>(records.size());
  return {};
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
  const int max_batches = source_->max_batches_per_run();

  Status failure;
  for (int i = 0; (max_batches < 0 || i < max_batches) && !stop.load(); ++i) {
    auto batch = source_->next();
    if (!batch.ok()) {
      failure = batch.status();
      break;
    }
    summary.rejected_early += static_cast<int64_t>(batch->rejected.size());
    for (const auto& why : batch->rejected)
      spdlog::warn("ingest: rejected {}", why);
    if (batch->records.empty()) {
      summary.reached_end = true;
      break;
    }
    summary.fetched += static_cast<int64_t>(batch->records.size());
    if (observer_) observer_(*batch);
    if (log_ != nullptr) {
      failure = publish(*batch, &summary);
      if (!failure.ok()) break;
    }
    ++summary.batches;
    summary.cursor_after = batch->cursor_after;
  }
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
