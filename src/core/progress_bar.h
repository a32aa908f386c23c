// A progress bar for long CLI work (replay, a first catch-up): label, bar, percentage, counts,
// rate and ETA, redrawn in place on stderr at most ten times a second. Only when stderr is a
// terminal: in a log file or a pipe it draws nothing, so logs stay free of carriage returns.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace sluice {

// One line of the bar, without "\r": `rate` in units per second, 0 when not known yet.
std::string render_progress(const std::string& label, int64_t done, int64_t total, double rate,
                            int bar_width = 24);

class ProgressBar {
 public:
  // `enabled` false draws nothing; by default, whether stderr is a terminal (and TERM not dumb).
  explicit ProgressBar(std::string label, bool enabled = stderr_is_terminal());
  ~ProgressBar() { finish(); }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // `total` may grow while the work runs (a log still being written to).
  void update(int64_t done, int64_t total);
  // Draws the last state and ends the line; later calls do nothing.
  void finish();

  static bool stderr_is_terminal();

 private:
  void draw(int64_t done, int64_t total);

  std::string label_;
  bool enabled_;
  bool finished_ = false;
  int64_t done_ = 0;
  int64_t total_ = 0;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace sluice
