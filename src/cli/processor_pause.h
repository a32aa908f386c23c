// ProcessorPause: lets a replay inside `sluice run` take the processing group from the running
// processor and give it back. A replay moves the group's offsets and must be the group's only
// member while it runs (on the local log a second member would get only some partitions), so
// the processor thread leaves the group (storing and committing what it read), waits, and
// joins again with a new consumer once the replay is done.
//
// Thread-safety: every method may be called from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>

#include "core/status.h"

namespace sluice::cli {

class ProcessorPause {
 public:
  // The processor's stop flag: true while a pause is asked for, and for good after stop().
  const std::atomic<bool>& halt() const { return halt_; }

  // The processor thread, after Processor::run returned ok: true to run again (a pause ended),
  // false to end (stop(), or no pause was asked: the processor ended on its own).
  bool wait_to_resume();
  // The processor thread, as it ends for good: a pause waiting for it gives up.
  void finished();

  // Stops the processor for good (shutdown).
  void stop();

  // Asks the processor to leave the group and waits until it has (after the pause of another
  // caller, if any, was resumed). kUnavailable when the
  // processor has ended or is stopping, kAborted when `cancel` turns true first (the processor
  // then runs on).
  Status pause(const std::atomic<bool>& cancel);
  // Lets the processor run again after pause() succeeded.
  void resume();

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  std::atomic<bool> halt_{false};
  bool stopped_ = false;
  bool pause_asked_ = false;
  bool halted_by_pause_ = false;  // the processor's next return is a pause's doing
  bool paused_ = false;
  bool finished_ = false;
};

}  // namespace sluice::cli
