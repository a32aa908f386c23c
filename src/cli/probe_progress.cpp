#include "cli/probe_progress.h"

#include <chrono>

namespace sluice::cli {

ProbeProgress::ProbeProgress(std::string label, const ProcessProbe& probe)
    : probe_(probe), bar_(std::move(label)) {
  if (!ProgressBar::stderr_is_terminal()) return;
  thread_ = std::thread([this] {
    while (!done_.load()) {
      const int64_t judged = probe_.records.load();
      bar_.update(judged, judged + probe_.lag.load());
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
}

ProbeProgress::~ProbeProgress() {
  done_ = true;
  if (!thread_.joinable()) return;
  thread_.join();
  const int64_t judged = probe_.records.load();
  bar_.update(judged, judged + probe_.lag.load());
  bar_.finish();
}

}  // namespace sluice::cli
