#include "log/embedded/file_util.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/fault.h"
#include "log/embedded/format.h"

namespace sluice::file_util {

Status errno_status(std::string_view what, const std::string& path) {
  std::string m(what);
  m += " " + path + ": " + std::strerror(errno);
  return Status::io_error(std::move(m));
}

Status pwrite_all(int fd, const std::string& path, std::string_view data, int64_t offset) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::pwrite(fd, data.data() + done, data.size() - done, offset + done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno_status("write", path);
    }
    done += static_cast<size_t>(n);
  }
  return Status::ok_status();
}

Status pread_exact(int fd, const std::string& path, char* out, size_t n, int64_t offset) {
  size_t done = 0;
  while (done < n) {
    ssize_t r = ::pread(fd, out + done, n - done, offset + done);
    if (r < 0) {
      if (errno == EINTR) continue;
      return errno_status("read", path);
    }
    if (r == 0) {
      return Status::corruption(path + ": file ends at byte " + std::to_string(offset + done) +
                                ", expected " + std::to_string(n - done) + " more bytes");
    }
    done += static_cast<size_t>(r);
  }
  return Status::ok_status();
}

Status fdatasync_fd(int fd, const std::string& path) {
  if (::fdatasync(fd) != 0) return errno_status("fdatasync", path);
  return Status::ok_status();
}

Status fsync_dir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno_status("open directory", dir);
  int rc = ::fsync(fd);
  Status s = rc == 0 ? Status::ok_status() : errno_status("fsync directory", dir);
  ::close(fd);
  return s;
}

Status make_dir(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) return errno_status("mkdir", dir);
  return Status::ok_status();
}

Result<std::string> read_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::not_found(path + ": no such file");
    return errno_status("open", path);
  }
  std::string out;
  char buf[8192];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      Status s = errno_status("read", path);
      ::close(fd);
      return s;
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

Status write_file_atomically(const std::string& path, std::string_view contents,
                             std::string_view fault) {
  std::string tmp = path + std::string(log_format::kTempSuffix);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return errno_status("create", tmp);
  Status s = pwrite_all(fd, tmp, contents, 0);
  if (s.ok() && ::fsync(fd) != 0) s = errno_status("fsync", tmp);
  if (::close(fd) != 0 && s.ok()) s = errno_status("close", tmp);
  if (!s.ok()) return s;
  if (!fault.empty()) fault_point(fault);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return errno_status("rename to " + path, tmp);
  size_t slash = path.find_last_of('/');
  return fsync_dir(slash == std::string::npos ? "." : path.substr(0, slash));
}

Result<std::vector<std::string>> list_dir(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return errno_status("open directory", dir);
  std::vector<std::string> names;
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(std::move(name));
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace sluice::file_util
