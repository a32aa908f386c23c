#include "cli/stop_signal.h"

#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <thread>

namespace sluice::cli {
namespace {

std::atomic<bool> g_stop{false};

void on_signal(int) {
  if (g_stop.exchange(true)) {
    constexpr char kMessage[] = "\nsluice: second signal, exiting now\n";
    (void)!write(STDERR_FILENO, kMessage, sizeof(kMessage) - 1);
    _exit(130);
  }
}

}  // namespace

std::atomic<bool>& install_stop_signal() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  return g_stop;
}

void wait_until(std::chrono::steady_clock::time_point deadline, const std::atomic<bool>& stop,
                const std::atomic<bool>* also) {
  constexpr auto kStep = std::chrono::milliseconds(20);
  while (!stop.load() && (also == nullptr || !also->load())) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return;
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(deadline - now, kStep));
  }
}

void wait_for(int ms, const std::atomic<bool>& stop, const std::atomic<bool>* also) {
  wait_until(std::chrono::steady_clock::now() + std::chrono::milliseconds(ms), stop, also);
}

}  // namespace sluice::cli
