// Processor: the `process` stage (docs/architecture.md, "Flow" and "Delivery contract"), in
// three parts on two threads plus the sink's own:
// - BatchReader (reader thread): polls the LogConsumer for the partitions the group assigned
//   to this worker, maps and pre-judges each record, queues batches (bounded, in records);
//   reacts to assignment (replay start offsets) and revocation (store and commit, then let go);
// - GroupWriter (writer thread, the caller's): takes everything queued as one group, finishes
//   judging it (unique, key), submits it to the asynchronous Sink, settles completed groups;
// - OffsetCommitter: commits each partition's offset only up to the oldest group the sink has
//   not completed, at most every process.commit_interval_ms.
// A crash between a sink completion and the offset commit replays those records, which upserts
// by key, quarantine keyed by (partition, offset) and the unique rule's own-row check make
// harmless.
#pragma once

#include <atomic>
#include <map>

#include "core/config.h"
#include "core/health.h"
#include "core/status.h"
#include "log/log.h"
#include "process/probe.h"
#include "sink/sink.h"
#include "transform/field_protector.h"

namespace sluice {

struct ProcessorOptions {
  bool until_idle = false;  // return once every assigned partition is caught up
  // When set and true, behave as until_idle from then on (`sluice run --once` flips it when
  // its ingest run has ended).
  const std::atomic<bool>* idle_exit = nullptr;
  bool reconcile = false;  // replay under changed rules: undo earlier verdicts (see Sink)
  int idle_sleep_ms = 20;  // longest wait for a commit when caught up (follow mode)
  // Replay: where each partition starts when it is assigned (committed at once). Offsets
  // outside what the log holds are clamped.
  std::map<int, int64_t> start_offsets = {};
  // Where the processor says what it waits for (the log's or the sink's servers, offset
  // commits that fail for now); may be null.
  Health* health = nullptr;
  // How protected fields are stored (transform/field_protector.h); null: made from the config,
  // loading its hash key.
  const FieldProtector* protector = nullptr;
};

class Processor {
 public:
  // `consumer` (not yet subscribed: run() joins its group), `sink` and `probe` must outlive
  // the Processor. The sink must be open.
  Processor(const PipelineConfig& config, LogConsumer* consumer, Sink* sink, ProcessProbe* probe);

  // Runs until `stop` becomes true (then stores and commits what was read, and leaves the
  // group) or, with until_idle, until caught up. Returns the first error that stopped it.
  Status run(const std::atomic<bool>& stop, const ProcessorOptions& options);

 private:
  const PipelineConfig& config_;
  LogConsumer* consumer_;
  Sink* sink_;
  ProcessProbe* probe_;
};

}  // namespace sluice
