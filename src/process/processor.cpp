#include "process/processor.h"

#include <fmt/format.h>

#include <chrono>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

#include "core/bounded_queue.h"
#include "core/config_interpolate.h"
#include "core/log_context.h"
#include "process/batch_reader.h"
#include "process/group_writer.h"
#include "process/mapped_batch.h"
#include "process/offset_committer.h"
#include "quality/judge.h"
#include "transform/field_protector.h"

namespace sluice {
namespace {

// Batches the writer is done with, destroyed by the reader: the writer is the busier thread,
// and the reader allocated them, so its arena takes them back without the cross-thread frees
// that cost the writer ~6% of its time.
class SpentBatches {
 public:
  // Writer thread.
  void hand_back(std::vector<MappedBatchPtr>* batches) {
    std::lock_guard lock(mu_);
    for (auto& b : *batches)
      spent_.push_back(std::move(b));
    batches->clear();
  }
  // Reader thread: destroys them on leaving, outside the lock.
  void free() {
    std::vector<MappedBatchPtr> done;
    std::lock_guard lock(mu_);
    done.swap(spent_);
  }

 private:
  std::mutex mu_;
  std::vector<MappedBatchPtr> spent_;
};

// Writes what one pop of the queue took: the batches between barriers as one group each, and
// at a barrier, everything before it stored and committed before the barrier is signalled.
// Items handled are reset; on an error, those after it are left for the caller.
Status write_items(std::vector<MappedBatchPtr>* items, GroupWriter* writer,
                   OffsetCommitter* committer) {
  std::vector<MappedBatchPtr> group;
  for (auto& item : *items) {
    if (!item->barrier) {
      group.push_back(std::move(item));
      continue;
    }
    if (!group.empty()) SLUICE_RETURN_IF_ERROR(writer->write(std::move(group)));
    group.clear();
    Status flushed = writer->flush();
    committer->forget(item->revoked);
    item->barrier->signal(flushed);
    item.reset();
  }
  if (!group.empty()) SLUICE_RETURN_IF_ERROR(writer->write(std::move(group)));
  return Status::ok_status();
}

// While the processor runs, the health watches what it waits for: the log's servers, the
// sink's, and offset commits that fail for now. Watched, not reported by the processor's
// threads, because in an outage those threads are the ones blocked.
class HealthWatch {
 public:
  HealthWatch(const PipelineConfig& config, Health* health, const LogConsumer* consumer,
              const Sink* sink, const OffsetCommitter* committer)
      : health_(health) {
    if (health_ == nullptr) return;
    const auto log = kind_name(config.log.kind);
    components_ = {fmt::format("log ({})", log),
                   fmt::format("sink ({})", kind_name(config.sink.kind)),
                   fmt::format("offset commits ({})", log)};
    health_->watch(components_[0], [consumer] { return consumer->unreachable(); });
    health_->watch(components_[1], [sink] { return sink->unreachable(); });
    health_->watch(components_[2], [committer] { return committer->unreachable(); });
  }
  ~HealthWatch() {
    for (const auto& c : components_)
      health_->unwatch(c);
  }
  HealthWatch(const HealthWatch&) = delete;
  HealthWatch& operator=(const HealthWatch&) = delete;

 private:
  Health* health_;
  std::vector<std::string> components_;
};

// The writer's loop: groups of whatever is queued, barriers honoured in order, offsets
// committed on the committer's cadence and at once when nothing comes.
Status write_loop(BatchReader::Queue* queue, GroupWriter* writer, OffsetCommitter* committer) {
  // How often to look at completions while groups are in flight and nothing else comes.
  constexpr std::chrono::milliseconds kSettleEvery{10};
  while (true) {
    auto deadline = committer->due();
    if (committer->in_flight() > 0) {
      deadline = std::min(deadline, std::chrono::steady_clock::now() + kSettleEvery);
    }
    auto items = queue->pop_some_until(std::numeric_limits<size_t>::max(), deadline);
    if (!items) return Status::ok_status();  // closed and drained
    if (items->empty()) {                    // quiet: settle, and commit if due
      SLUICE_RETURN_IF_ERROR(writer->settle());
      SLUICE_RETURN_IF_ERROR(committer->maybe_commit(committer->in_flight() == 0));
      continue;
    }
    Status status = write_items(&*items, writer, committer);
    if (!status.ok()) {
      // Barriers not reached yet still have a reader waiting on them.
      for (auto& item : *items) {
        if (item && item->barrier) item->barrier->signal(status);
      }
      return status;
    }
    SLUICE_RETURN_IF_ERROR(committer->maybe_commit(/*force=*/false));
  }
}

}  // namespace

Processor::Processor(const PipelineConfig& config, LogConsumer* consumer, Sink* sink,
                     ProcessProbe* probe)
    : config_(config), consumer_(consumer), sink_(sink), probe_(probe) {}

Status Processor::run(const std::atomic<bool>& stop, const ProcessorOptions& options) {
  // One Judge per thread that maps: the reader's maps, the writer's only finishes (const).
  SLUICE_ASSIGN_OR_RETURN(auto reader_judge, Judge::compile(config_));
  SLUICE_ASSIGN_OR_RETURN(auto writer_judge, Judge::compile(config_));
  FieldProtector own_protector;
  if (options.protector == nullptr) {
    SLUICE_ASSIGN_OR_RETURN(own_protector, FieldProtector::create(config_, process_env()));
  }
  const FieldProtector* protector =
      options.protector != nullptr ? options.protector : &own_protector;
  // Bounded in records, not batches: a round over lightly loaded partitions reads many small
  // batches, and the writer should still get them as one group (one sink transaction).
  const auto max_queued_records = static_cast<size_t>(std::max(1, config_.process.queue_batches)) *
                                  static_cast<size_t>(std::max(1, config_.process.batch_records));
  BatchReader::Queue queue(max_queued_records,
                           [](const MappedBatchPtr& b) { return b->entries.size(); });
  OffsetCommitter committer(consumer_,
                            std::chrono::milliseconds(config_.process.commit_interval_ms));
  committer.on_committed([probe = probe_](const std::map<int, int64_t>& moved) {
    if (probe != nullptr) probe->set_committed(moved);
  });
  SpentBatches spent;
  GroupWriter writer(writer_judge.get(), sink_, &committer, probe_, options.reconcile,
                     [&spent](std::vector<MappedBatchPtr>* b) { spent.hand_back(b); });
  BatchReader reader(config_, consumer_, reader_judge.get(), protector, &queue, probe_,
                     ReaderOptions{options.until_idle, options.idle_exit, options.idle_sleep_ms,
                                   options.start_offsets},
                     [&spent] { spent.free(); });

  Status read_status;
  std::thread reader_thread([&, context = current_log_context()] {
    const ScopedLogContext inherited(context);
    read_status = reader.run(stop);
    queue.close();
  });
  const HealthWatch watch(config_, options.health, consumer_, sink_, &committer);
  Status write_status = write_loop(&queue, &writer, &committer);
  // Whatever was submitted is stored and committed before returning, also after a failure
  // elsewhere (a failed group is never committed past).
  Status flushed = writer.flush();
  if (write_status.ok()) write_status = flushed;
  if (!write_status.ok()) {
    // Wake a reader blocked on a full queue or a barrier: nothing more will be written.
    queue.close();
    while (auto left = queue.pop_some_until(std::numeric_limits<size_t>::max(),
                                            std::chrono::steady_clock::now())) {
      if (left->empty()) break;
      for (auto& item : *left) {
        if (item->barrier) item->barrier->signal(write_status);
      }
    }
  }
  reader_thread.join();
  if (!write_status.ok()) return write_status;
  return read_status;
}

}  // namespace sluice
