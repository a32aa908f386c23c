// OffsetCommitter: which offsets may be committed, and when. Groups are handed to the sink in
// order and may complete in any order (Cassandra has many writes in flight); a partition's
// offset moves only up to the oldest group not yet completed, so a commit never covers a
// record that is not durable. Commits go to the consumer at most every `interval` (each
// embedded commit is a file replace with two fsyncs, 1-15 ms measured), and at once when asked
// (the processor is quiet, stops, or gives a partition up). A crash in between only replays
// groups whose writes are idempotent.
// Thread-safety: complete() runs on the sink's thread; everything else on the writer's.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include "log/log.h"

namespace sluice {

class OffsetCommitter {
 public:
  using Clock = std::chrono::steady_clock;

  struct Completion {
    uint64_t group = 0;
    int64_t completed_at_ms = 0;  // wall clock, for the end-to-end latency
  };

  OffsetCommitter(LogConsumer* consumer, std::chrono::milliseconds interval)
      : consumer_(consumer), interval_(interval) {}

  // A group is about to be submitted; `ends` holds, per partition, the offset after its last
  // record. Returns the group's id.
  uint64_t begin_group(const std::map<int, int64_t>& ends);
  // The sink's completion of a group: ok, or the failure that stops the processor.
  void complete(uint64_t group, const Status& status);
  // Completions since the last call, oldest first.
  std::vector<Completion> take_completed();
  // The first failed completion (ok when none).
  Status failure() const;
  size_t in_flight() const;

  // Commits the committable offsets that moved, if `force` or the interval has passed. A
  // commit the log refuses for now (its servers away: kUnavailable, kTimeout) is not an error:
  // it is tried again an interval later, and unreachable() says why meanwhile.
  Status maybe_commit(bool force);
  // Why the last commit failed for now, or "" once one succeeded.
  std::string unreachable() const;
  // When the writer should next look: at once while completions wait to be taken, else when
  // maybe_commit(false) would next do something (far away when nothing is pending).
  Clock::time_point due() const;
  // Called (on the committing thread) with the offsets each successful commit moved, so the
  // dashboard can show them; before the first maybe_commit().
  void on_committed(std::function<void(const std::map<int, int64_t>&)> callback) {
    on_committed_ = std::move(callback);
  }
  // The partitions are gone (revoked): their offsets are no one's business here any more.
  void forget(const std::vector<int>& partitions);

 private:
  struct Group {
    uint64_t id = 0;
    std::map<int, int64_t> ends;
    bool done = false;
  };
  bool has_moved() const;  // mu_ held

  LogConsumer* consumer_;
  const std::chrono::milliseconds interval_;
  mutable std::mutex mu_;
  std::deque<Group> in_order_;          // submitted, oldest first, until completed in order
  std::map<int, int64_t> committable_;  // up to the oldest group not yet completed
  std::map<int, int64_t> committed_;    // what the consumer last stored
  std::vector<Completion> completed_;   // not yet taken
  Status failure_;
  std::string trouble_;  // why the last commit attempt failed for now
  uint64_t next_id_ = 1;
  Clock::time_point last_commit_{};
  std::function<void(const std::map<int, int64_t>&)> on_committed_;
};

}  // namespace sluice
