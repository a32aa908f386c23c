#include "log/catch_up.h"

#include <fmt/format.h>

namespace sluice {

CatchUp catch_up(const std::map<int, int64_t>& targets, const std::map<int, int64_t>& committed) {
  CatchUp left;
  for (const auto& [partition, target] : targets) {
    auto it = committed.find(partition);
    const int64_t at = it == committed.end() ? 0 : it->second;
    if (at >= target) continue;
    left.behind[partition] = target - at;
    left.records += target - at;
  }
  return left;
}

std::string describe_catch_up(const CatchUp& left, const std::map<int, int64_t>& targets) {
  std::string out;
  for (const auto& [partition, behind] : left.behind) {
    const int64_t target = targets.at(partition);
    if (!out.empty()) out += ", ";
    out += fmt::format("partition {}: {} of {}", partition, target - behind, target);
  }
  return out;
}

}  // namespace sluice
