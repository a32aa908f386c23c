// BatchReader: the processor's first stage, on its reader thread. Polls the consumer for
// committed batches of the partitions assigned to this worker, maps each record and gives it
// the Judge's first look, and queues the batches for the writer. It is also the consumer's
// RebalanceListener: on an assignment it applies a replay's start offsets; on a revocation it
// queues a barrier and waits until the writer has stored and committed everything read from
// those partitions, so the next owner starts exactly where this one stopped.
// Not thread-safe: the reader thread only (the consumer calls the listener from poll()).
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "core/bounded_queue.h"
#include "core/config.h"
#include "log/log.h"
#include "process/mapped_batch.h"
#include "process/offset_committer.h"
#include "process/probe.h"
#include "quality/judge.h"
#include "transform/field_protector.h"

namespace sluice {

struct ReaderOptions {
  bool until_idle = false;  // return once every assigned partition is caught up
  const std::atomic<bool>* idle_exit = nullptr;  // when it turns true, behave as until_idle
  int idle_wait_ms = 20;                         // longest wait for a commit when caught up
  std::map<int, int64_t> start_offsets = {};     // replay: where assigned partitions start
};

class BatchReader final : public RebalanceListener {
 public:
  using Queue = BoundedQueue<MappedBatchPtr>;
  // Frees batches the writer handed back (on this thread: it allocated them).
  using FreeSpent = std::function<void()>;

  // Pointers must outlive the reader. `judge` is this thread's (its mapper is not shared).
  // `protector` masks and hashes what `protect:` names once the rules have looked (rules judge
  // values as received; the fields the writer's step still reads, the key, cannot be protected).
  BatchReader(const PipelineConfig& config, LogConsumer* consumer, Judge* judge,
              const FieldProtector* protector, Queue* queue, ProcessProbe* probe,
              ReaderOptions options, FreeSpent free_spent);

  // Subscribes, polls until `stop` (or idle), then closes the consumer, which revokes every
  // partition through this listener: what was read is stored and committed before it returns.
  Status run(const std::atomic<bool>& stop);

  void on_assigned(const std::vector<int>& partitions) override;
  void on_revoked(const std::vector<int>& partitions) override;

 private:
  // Polls into held_ (on_revoked may drop from it while the poll delivers a rebalance).
  Status poll_into_held(size_t max, int timeout_ms);
  // Maps and queues the held batches; false when the queue was closed (the writer stopped).
  bool queue_held();
  void update_lag();

  const PipelineConfig& config_;
  LogConsumer* consumer_;
  Judge* judge_;
  const FieldProtector* protector_;
  Queue* queue_;
  ProcessProbe* probe_;
  ReaderOptions options_;
  FreeSpent free_spent_;
  Status listener_error_;  // a failure inside a callback, reported by run()
  // Polled but not yet queued. A batch of a partition revoked meanwhile must not be queued:
  // its offsets are the next owner's now, and it reads them again from the committed offset.
  std::vector<LogBatch> held_;
};

}  // namespace sluice
