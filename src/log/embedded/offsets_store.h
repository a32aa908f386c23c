// Consumer group offsets of the embedded log: one small text file per group,
// offsets/<group>.off, replaced atomically (write <group>.off.tmp, fsync, rename, fsync dir),
// so a crash leaves the old file or the new one, never half of one. The file ends with a
// CRC32C line, so bit rot is Corruption rather than a silently wrong offset.
// Thread-safety: all methods may be called from any thread (one mutex).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/status.h"

namespace sluice {

class OffsetsStore {
 public:
  // Creates the directory if missing and removes temp files a crash left behind.
  static Result<std::unique_ptr<OffsetsStore>> open(std::string dir);

  Status commit(std::string_view group, const std::map<int, int64_t>& offsets);
  // Empty map for a group that never committed.
  Result<std::map<int, int64_t>> fetch(std::string_view group);

 private:
  explicit OffsetsStore(std::string dir) : dir_(std::move(dir)) {}
  Result<std::string> path_for(std::string_view group) const;

  const std::string dir_;
  std::mutex mu_;
};

}  // namespace sluice
