#include "cli/processor_pause.h"

#include <chrono>

namespace sluice::cli {

bool ProcessorPause::wait_to_resume() {
  std::unique_lock lock(mu_);
  if (stopped_ || !halted_by_pause_) return false;
  halted_by_pause_ = false;
  paused_ = true;
  changed_.notify_all();
  changed_.wait(lock, [this] { return !pause_asked_ || stopped_; });
  paused_ = false;
  return !stopped_;
}

void ProcessorPause::finished() {
  std::lock_guard lock(mu_);
  finished_ = true;
  changed_.notify_all();
}

void ProcessorPause::stop() {
  std::lock_guard lock(mu_);
  stopped_ = true;
  halt_ = true;
  changed_.notify_all();
}

Status ProcessorPause::pause(const std::atomic<bool>& cancel) {
  constexpr auto kCancelCheck = std::chrono::milliseconds(100);
  std::unique_lock lock(mu_);
  // One pause at a time: another replay holds the group until it resumes.
  while (pause_asked_ && !finished_ && !stopped_ && !cancel.load())
    changed_.wait_for(lock, kCancelCheck);
  if (cancel.load()) return Status::aborted("cancelled while another replay held the group");
  if (finished_ || stopped_) return Status::unavailable("the processor is not running");
  pause_asked_ = true;
  halted_by_pause_ = true;
  halt_ = true;
  while (!paused_ && !finished_ && !stopped_ && !cancel.load())
    changed_.wait_for(lock, kCancelCheck);
  if (paused_) return Status::ok_status();
  pause_asked_ = false;
  halt_ = stopped_;
  changed_.notify_all();
  if (cancel.load()) return Status::aborted("cancelled while the processor was leaving the group");
  return Status::unavailable("the processor ended while a replay waited for it");
}

void ProcessorPause::resume() {
  std::lock_guard lock(mu_);
  pause_asked_ = false;
  halt_ = stopped_;
  changed_.notify_all();
}

}  // namespace sluice::cli
