// NullSink (`sink: kind: null`): discards every group and completes it at once, so that a
// benchmark measures the log and the processor without the cost of a store
// (docs/benchmarks.md, "Kafka to process"). Nothing is kept, not even keys: key_owners()
// answers that no key is stored, so `unique` catches a repeated key only within one group (the
// claims the processor holds while judging it), never across groups. A map of the keys seen
// would make `unique` whole, but costs 16 bytes or more per distinct key (16-32 MB per million
// usernames), half the 64 MB a worker behind a lag of a million records is meant to need.
// Completions run on the submitting thread, inside submit(). Thread-safe (it holds no state).
#pragma once

#include "sink/sink.h"

namespace sluice {

class NullSink final : public Sink {
 public:
  Status open() override { return Status::ok_status(); }
  int max_in_flight() const override { return 1; }
  // Runs `done` with ok before returning: the group is as durable as it will ever be.
  Status submit(SinkGroup group, SinkCompletion done) override;
  void drain() override {}
  // Always empty: nothing is stored.
  Result<std::unordered_map<std::string, LogPosition>> key_owners(
      const std::vector<std::string_view>& keys) override;
};

}  // namespace sluice
