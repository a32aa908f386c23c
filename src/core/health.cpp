#include "core/health.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace sluice {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

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
