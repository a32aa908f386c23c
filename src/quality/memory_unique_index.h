// MemoryUniqueIndex: a UniqueIndex held in memory, for judging without a sink (`sluice ingest
// --dry-run`): the first valid record with a value holds it for the rest of the run.
// Not thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "quality/rule_set.h"

namespace sluice {

class MemoryUniqueIndex final : public UniqueIndex {
 public:
  std::optional<LogPosition> owner(std::string_view field, std::string_view value) override {
    auto it = owners_.find(std::make_pair(std::string(field), std::string(value)));
    if (it == owners_.end()) return std::nullopt;
    return it->second;
  }
  void claim(std::string_view field, std::string_view value, LogPosition position) override {
    owners_.try_emplace({std::string(field), std::string(value)}, position);
  }

 private:
  std::map<std::pair<std::string, std::string>, LogPosition> owners_;
};

}  // namespace sluice
