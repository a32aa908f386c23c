#include "cli/stop_signal.h"

#include <unistd.h>

#include <csignal>

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

}  // namespace sluice::cli
