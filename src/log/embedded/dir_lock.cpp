#include "log/embedded/dir_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "log/embedded/file_util.h"
#include "log/embedded/format.h"

namespace sluice {

Result<std::unique_ptr<DirLock>> DirLock::acquire(const std::string& dir) {
  std::string path = dir + "/" + std::string(log_format::kLockFileName);
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return file_util::errno_status("open", path);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    char buf[32] = {};
    ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
    ::close(fd);
    if (err != EWOULDBLOCK) {
      errno = err;
      return file_util::errno_status("lock", path);
    }
    std::string pid = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "unknown";
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' '))
      pid.pop_back();
    return Status::unavailable("log directory " + dir + " is in use by pid " + pid + " (" + path +
                               " is locked); in embedded mode one process owns the log");
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    Status s = file_util::errno_status("write pid to", path);
    ::close(fd);
    return s;
  }
  return std::unique_ptr<DirLock>(new DirLock(fd));
}

DirLock::~DirLock() {
  ::close(fd_);
}  // closing the descriptor releases the flock

}  // namespace sluice
