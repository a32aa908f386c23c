#include "core/health.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace sluice {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

Health::~Health() {
  {
    std::lock_guard lock(watch_mu_);
    stop_ = true;
  }
  watch_cv_.notify_all();
  if (watcher_.joinable()) watcher_.join();
}

void Health::watch(std::string component, Probe probe) {
  std::lock_guard lock(watch_mu_);
  probes_.insert_or_assign(std::move(component), std::move(probe));
  if (!watcher_.joinable()) watcher_ = std::thread([this] { watch_loop(); });
}

void Health::unwatch(std::string_view component) {
  {
    std::lock_guard lock(watch_mu_);
    auto it = probes_.find(component);
    if (it != probes_.end()) probes_.erase(it);
  }
  recovered(component);
}

void Health::watch_loop() {
  std::unique_lock lock(watch_mu_);
  while (!stop_) {
    for (const auto& [component, probe] : probes_)
      report(component, probe());
    watch_cv_.wait_for(lock, kWatchEvery, [this] { return stop_; });
  }
}

void Health::waiting(std::string_view component, std::string_view why) {
  std::lock_guard lock(mu_);
  auto it = waiting_.find(component);
  if (it != waiting_.end()) {
    it->second.why = why;
    return;
  }
  spdlog::warn("{}: unavailable, waiting for it to come back: {}", component, why);
  waiting_.emplace(std::string(component),
                   Wait{std::string(why), std::chrono::steady_clock::now()});
}

void Health::recovered(std::string_view component) {
  std::lock_guard lock(mu_);
  auto it = waiting_.find(component);
  if (it == waiting_.end()) return;
  spdlog::info("{}: available again after {:.1f} s", component, seconds_since(it->second.since));
  waiting_.erase(it);
}

void Health::report(std::string_view component, std::string_view why) {
  if (why.empty()) {
    recovered(component);
  } else {
    waiting(component, why);
  }
}

void Health::started() {
  std::lock_guard lock(mu_);
  started_ = true;
}

bool Health::ready() const {
  std::lock_guard lock(mu_);
  return started_ && waiting_.empty();
}

std::string Health::describe() const {
  std::lock_guard lock(mu_);
  if (!started_) return "starting";
  if (waiting_.empty()) return "ready";
  std::string out;
  for (const auto& [component, wait] : waiting_) {
    if (!out.empty()) out += '\n';
    out += fmt::format("{}: waiting {:.0f} s: {}", component, seconds_since(wait.since), wait.why);
  }
  return out;
}

}  // namespace sluice
