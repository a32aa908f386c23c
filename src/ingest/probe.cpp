#include "ingest/probe.h"

namespace sluice {

IngestProbe::IngestProbe(prometheus::Registry& registry, const std::string& pipeline) {
  const prometheus::Labels base{{"pipeline", pipeline}, {"stage", "ingest"}};
  auto& runs = prometheus::BuildCounter()
                   .Name("sluice_ingest_runs_total")
                   .Help("Ingest runs by result")
                   .Register(registry);
  ok_runs_total_ = &runs.Add({{"pipeline", pipeline}, {"result", "ok"}});
  failed_runs_total_ = &runs.Add({{"pipeline", pipeline}, {"result", "failed"}});
  records_total_ = &prometheus::BuildCounter()
                        .Name("sluice_ingest_records_total")
                        .Help("Records published to the log by ingest")
                        .Register(registry)
                        .Add(base);
  retries_total_ = &prometheus::BuildCounter()
                        .Name("sluice_ingest_retries_total")
                        .Help("Source requests retried after a failure")
                        .Register(registry)
                        .Add(base);
  rejected_total_ = &prometheus::BuildCounter()
                         .Name("sluice_ingest_rejected_total")
                         .Help(
                             "Records the source rejected before publishing (e.g. a file line "
                             "that is not JSON); each is also logged with why")
                         .Register(registry)
                         .Add(base);
}

void IngestProbe::batch_fetched(const SourceBatch& batch) {
  fetched += static_cast<int64_t>(batch.records.size());
}

void IngestProbe::run_done(const Result<IngestSummary>& run) {
  ++runs;
  if (!run.ok()) {
    ++failed_runs;
    failed_runs_total_->Increment();
    std::lock_guard lock(mutex_);
    last_error_ = run.status().to_string();
    return;
  }
  published += run->published;
  retries += run->retries;
  rejected_early += run->rejected_early;
  ok_runs_total_->Increment();
  records_total_->Increment(static_cast<double>(run->published));
  retries_total_->Increment(static_cast<double>(run->retries));
  rejected_total_->Increment(static_cast<double>(run->rejected_early));
  std::lock_guard lock(mutex_);
  cursor_ = run->cursor_after;
}

std::string IngestProbe::cursor() const {
  std::lock_guard lock(mutex_);
  return cursor_;
}

std::string IngestProbe::last_error() const {
  std::lock_guard lock(mutex_);
  return last_error_;
}

}  // namespace sluice
