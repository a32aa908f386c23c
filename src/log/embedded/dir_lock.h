// DirLock: an exclusive flock on <dir>/LOCK for as long as the object lives, so only one
// process (and one Log object) uses a log directory at a time. The file holds the holder's pid
// for the error message others get. The kernel drops the lock when the process dies, so a
// crash never leaves a stale lock behind. Not copyable; destruction releases the lock.
#pragma once

#include <memory>
#include <string>

#include "core/status.h"

namespace sluice {

class DirLock {
 public:
  // Unavailable, naming the holder's pid, when someone else holds it.
  static Result<std::unique_ptr<DirLock>> acquire(const std::string& dir);
  ~DirLock();
  DirLock(const DirLock&) = delete;
  DirLock& operator=(const DirLock&) = delete;

 private:
  explicit DirLock(int fd) : fd_(fd) {}
  const int fd_;
};

}  // namespace sluice
