// GroupWriter: the processor's second stage, on its writer thread. Takes a group of mapped
// batches (everything the reader queued), finishes judging them in log order (the unique rule
// against the sink plus the claims in flight, then the key check), submits the valid rows and
// quarantine rows to the sink as one group, and settles groups as the sink completes them:
// probe counts and latency, claims handed to the sink, batches freed. The OffsetCommitter
// learns of each group's ends before it is submitted and of its completion from the sink.
// Not thread-safe: one writer thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <vector>

#include "core/config.h"
#include "process/mapped_batch.h"
#include "process/offset_committer.h"
#include "process/probe.h"
#include "process/sink_unique_index.h"
#include "quality/judge.h"
#include "sink/sink.h"

namespace sluice {

class GroupWriter {
 public:
  // Takes batches the writer is done with; the reader frees them (see processor.cpp).
  using HandBack = std::function<void(std::vector<MappedBatchPtr>*)>;

  // Pointers must outlive the writer.
  GroupWriter(const Judge* judge, Sink* sink, OffsetCommitter* committer, ProcessProbe* probe,
              bool reconcile, HandBack hand_back);

  // Judges and submits one group (waits while the sink has its maximum in flight).
  Status write(std::vector<MappedBatchPtr> batches);
  // Settles the groups the sink has completed since the last call. Returns the first failed
  // completion, if any.
  Status settle();
  // Waits for every submitted group, settles them, and commits their offsets at once.
  Status flush();

 private:
  struct InFlight {
    std::vector<MappedBatchPtr> batches;
    int64_t records = 0;
    int64_t stored = 0;
    int64_t quarantined = 0;
    std::chrono::steady_clock::time_point started;
    int64_t submitted_at_ms = 0;  // wall clock, as the committer stamps the completion
  };
  // Finishes judging one batch into the sink group.
  void judge_batch(MappedBatch& batch, SinkGroup* group);

  const Judge* judge_;
  Sink* sink_;
  OffsetCommitter* committer_;
  ProcessProbe* probe_;
  const bool reconcile_;
  HandBack hand_back_;
  SinkUniqueIndex unique_;
  std::map<uint64_t, InFlight> in_flight_;
  std::vector<std::string_view> keys_;  // reused per group
  std::vector<Reason> reasons_;         // reused per record
};

}  // namespace sluice
