#include "process/batch_reader.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace sluice {
namespace {

// After a quiet spell, how long to let more commits arrive before queueing what came: a burst
// read as one group costs one sink transaction instead of one per commit.
constexpr std::chrono::milliseconds kLinger{5};

}  // namespace

BatchReader::BatchReader(const PipelineConfig& config, LogConsumer* consumer, Judge* judge,
                         const FieldProtector* protector, Queue* queue, ProcessProbe* probe,
                         ReaderOptions options, FreeSpent free_spent)
    : config_(config),
      consumer_(consumer),
      judge_(judge),
      protector_(protector),
      queue_(queue),
      probe_(probe),
      options_(std::move(options)),
      free_spent_(std::move(free_spent)) {}

void BatchReader::on_assigned(const std::vector<int>& partitions) {
  for (int p : partitions) {
    auto start = options_.start_offsets.find(p);
    if (start == options_.start_offsets.end()) continue;
    // A replay: read from here, and make it the group's position at once, so that a crash
    // part-way resumes the replay rather than the old position.
    Status s = consumer_->seek(p, start->second);
    if (s.ok()) s = consumer_->commit({{p, start->second}});
    if (!s.ok() && listener_error_.ok()) listener_error_ = s;
    options_.start_offsets.erase(start);
  }
  probe_->set_assigned(partitions, true);
  spdlog::info("process: partitions assigned: {}", fmt::join(partitions, ","));
}

void BatchReader::on_revoked(const std::vector<int>& partitions) {
  std::erase_if(held_, [&](const LogBatch& b) {
    return std::find(partitions.begin(), partitions.end(), b.partition) != partitions.end();
  });
  auto batch = std::make_unique<MappedBatch>();
  auto barrier = std::make_shared<Barrier>();
  batch->barrier = barrier;
  batch->revoked = partitions;
  if (!queue_->push(batch)) return;  // the writer has stopped: nothing more will be committed
  Status s = barrier->wait();
  if (!s.ok() && listener_error_.ok()) listener_error_ = s;
  for (int p : partitions)
    probe_->set_lag(p, 0);
  probe_->set_assigned(partitions, false);
  spdlog::info("process: partitions revoked: {}", fmt::join(partitions, ","));
}

void BatchReader::update_lag() {
  for (const auto& [partition, lag] : consumer_->lag())
    probe_->set_lag(partition, lag);
}

Status BatchReader::poll_into_held(size_t max, int timeout_ms) {
  SLUICE_ASSIGN_OR_RETURN(auto polled, consumer_->poll(max, timeout_ms));
  for (auto& b : polled)
    held_.push_back(std::move(b));
  return Status::ok_status();
}

bool BatchReader::queue_held() {
  std::vector<LogBatch> held;
  held.swap(held_);
  if (!held.empty()) probe_->records_polled();
  for (LogBatch& polled_batch : held) {
    free_spent_();
    if (!polled_batch.entries.empty()) {
      probe_->set_position(polled_batch.partition, polled_batch.entries.back().offset + 1);
    }
    auto batch = std::make_unique<MappedBatch>();
    batch->partition = polled_batch.partition;
    batch->entries = std::move(polled_batch.entries);
    const size_t n = batch->entries.size();
    batch->records.reserve(n);
    batch->looks.resize(n);
    for (size_t i = 0; i < n; ++i) {
      const LogEntry& e = batch->entries[i];
      Record& r = batch->records.emplace_back(&judge_->schema());
      r.meta.partition = batch->partition;
      r.meta.offset = e.offset;
      r.meta.ingest_time_ms = e.timestamp_ms;
      r.meta.event_time_ms = e.timestamp_ms;
      judge_->look(e.value, &r, &batch->looks[i]);
      if (protector_->active()) protector_->apply(&r);
    }
    if (!queue_->push(batch)) return false;
  }
  return true;
}

Status BatchReader::run(const std::atomic<bool>& stop) {
  SLUICE_RETURN_IF_ERROR(consumer_->subscribe(this));
  const auto max_records = static_cast<size_t>(config_.process.batch_records);
  Status status;
  while (!stop.load() && listener_error_.ok()) {
    // Read the flag before polling: an empty poll then proves that everything published
    // before the flag was set has been read.
    const bool exit_when_idle =
        options_.until_idle || (options_.idle_exit != nullptr && options_.idle_exit->load());
    const size_t max = max_records * std::max<size_t>(1, consumer_->assignment().size());
    status = poll_into_held(max, 0);
    if (status.ok() && held_.empty()) {
      update_lag();
      if (exit_when_idle) break;
      status = poll_into_held(max, options_.idle_wait_ms);
      if (status.ok() && !held_.empty()) {
        std::this_thread::sleep_for(kLinger);
        status = poll_into_held(max, 0);
      }
    }
    if (!status.ok()) break;
    update_lag();
    if (!queue_held()) break;
  }
  // Leaving revokes every partition through on_revoked: the writer stores and commits first.
  Status closed = consumer_->close();
  if (status.ok()) status = listener_error_;
  if (status.ok()) status = closed;
  return status;
}

}  // namespace sluice
