#include "core/progress_bar.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace sluice {
namespace {

constexpr auto kRedrawEvery = std::chrono::milliseconds(100);

std::string eta_text(double seconds) {
  const int64_t s = std::llround(seconds);
  if (s >= 3600) return fmt::format("{}h{:02}m", s / 3600, s % 3600 / 60);
  if (s >= 60) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}s", s);
}

}  // namespace

std::string render_progress(const std::string& label, int64_t done, int64_t total, double rate,
                            int bar_width) {
  total = std::max(total, done);
  const double fraction = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 0;
  const int filled = static_cast<int>(fraction * bar_width);
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(bar_width - filled), '-');
  std::string line = fmt::format("{} [{}] {:3.0f}% {}/{}", label, bar, fraction * 100, done, total);
  if (rate > 0) {
    line += fmt::format(" {:.0f}/s", rate);
    if (done < total) line += " ETA " + eta_text(static_cast<double>(total - done) / rate);
  }
  return line;
}

ProgressBar::ProgressBar(std::string label, bool enabled)
    : label_(std::move(label)), enabled_(enabled) {}

bool ProgressBar::stderr_is_terminal() {
  const char* term = std::getenv("TERM");
  return isatty(STDERR_FILENO) == 1 && (term == nullptr || std::strcmp(term, "dumb") != 0);
}

void ProgressBar::update(int64_t done, int64_t total) {
  done_ = done;
  total_ = total;
  if (!enabled_ || finished_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < kRedrawEvery) return;
  last_draw_ = now;
  draw(done, total);
}

void ProgressBar::finish() {
  if (!enabled_ || finished_) return;
  finished_ = true;
  draw(done_, total_);
  std::fputc('\n', stderr);
  std::fflush(stderr);
}

void ProgressBar::draw(int64_t done, int64_t total) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  const double rate = seconds > 0.5 ? static_cast<double>(done) / seconds : 0;
  // "\x1b[K" clears what a longer previous line left at the end.
  std::fprintf(stderr, "\r%s\x1b[K", render_progress(label_, done, total, rate).c_str());
  std::fflush(stderr);
}

}  // namespace sluice
