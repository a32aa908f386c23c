#include "process/group_writer.h"

#include "core/clock.h"

namespace sluice {

GroupWriter::GroupWriter(const Judge* judge, Sink* sink, OffsetCommitter* committer,
                         ProcessProbe* probe, bool reconcile, HandBack hand_back)
    : judge_(judge),
      sink_(sink),
      committer_(committer),
      probe_(probe),
      reconcile_(reconcile),
      hand_back_(std::move(hand_back)),
      unique_(sink, judge->schema().key_name()) {}

void GroupWriter::judge_batch(MappedBatch& batch, SinkGroup* group) {
  for (size_t i = 0; i < batch.records.size(); ++i) {
    const Record& record = batch.records[i];
    LogEntry& entry = batch.entries[i];
    const LogPosition position{batch.partition, entry.offset};
    unique_.set_current(position);
    if (judge_->finish(record, &unique_, &batch.looks[i], &reasons_)) {
      group->valid.push_back(&record);
      continue;
    }
    for (const RuleFailure& f : batch.looks[i].verdict.failures)
      probe_->rule_failed(f.rule_index);
    group->quarantine.push_back(QuarantineRow{position, std::string(record.key()),
                                              std::move(entry.value), std::move(reasons_),
                                              entry.timestamp_ms});
    reasons_ = {};
  }
}

Status GroupWriter::write(std::vector<MappedBatchPtr> batches) {
  SLUICE_RETURN_IF_ERROR(settle());
  InFlight flight;
  flight.started = std::chrono::steady_clock::now();
  std::map<int, int64_t> ends;
  keys_.clear();
  for (const auto& batch : batches) {
    flight.records += static_cast<int64_t>(batch->records.size());
    ends[batch->partition] = batch->entries.back().offset + 1;
    for (const Record& r : batch->records) {
      if (!r.key().empty()) keys_.push_back(r.key());
    }
  }
  SLUICE_RETURN_IF_ERROR(unique_.prefetch(keys_));

  const uint64_t id = committer_->begin_group(ends);
  unique_.begin_group(id);
  SinkGroup group;
  group.reconcile = reconcile_;
  group.valid.reserve(static_cast<size_t>(flight.records));
  for (auto& batch : batches)
    judge_batch(*batch, &group);
  flight.stored = static_cast<int64_t>(group.valid.size());
  flight.quarantined = static_cast<int64_t>(group.quarantine.size());
  flight.batches = std::move(batches);
  flight.submitted_at_ms = now_ms();
  in_flight_.emplace(id, std::move(flight));
  SLUICE_RETURN_IF_ERROR(
      sink_->submit(std::move(group),
                    [committer = committer_, id](const Status& s) { committer->complete(id, s); }));
  // Under changed rules a group may take rows out of the sink that the next group's unique
  // checks read: let each land before judging the next.
  if (reconcile_) sink_->drain();
  return settle();
}

Status GroupWriter::settle() {
  for (const auto& done : committer_->take_completed()) {
    auto it = in_flight_.find(done.group);
    if (it == in_flight_.end()) continue;
    InFlight& flight = it->second;
    unique_.settle(done.group);
    for (const auto& batch : flight.batches) {
      for (const LogEntry& e : batch->entries) {
        probe_->observe_latency(static_cast<double>(done.completed_at_ms - e.timestamp_ms) /
                                1000.0);
      }
    }
    probe_->sink_write_done(static_cast<double>(done.completed_at_ms - flight.submitted_at_ms) /
                            1000.0);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - flight.started).count();
    probe_->batch_done(flight.records, flight.stored, flight.quarantined, seconds);
    hand_back_(&flight.batches);
    in_flight_.erase(it);
  }
  return committer_->failure();
}

Status GroupWriter::flush() {
  sink_->drain();
  SLUICE_RETURN_IF_ERROR(settle());
  return committer_->maybe_commit(/*force=*/true);
}

}  // namespace sluice
