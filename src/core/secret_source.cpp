#include "core/secret_source.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

namespace sluice {
namespace {

Result<std::string> random_hex(size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  size_t got = 0;
  while (got < bytes) {
    ssize_t n = getrandom(buf.data() + got, bytes - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::io_error(fmt::format("getrandom: {}", std::strerror(errno)));
    }
    got += static_cast<size_t>(n);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  for (unsigned char b : buf) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xf]);
  }
  return out;
}

// Writes `content` and a newline to a new file `path` (0600), synced; *existed when the file
// was there already (nothing written then).
Status create_exclusive(const std::string& key, const std::string& path, const std::string& content,
                        bool* existed) {
  *existed = false;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      *existed = true;
      return Status::ok_status();
    }
    return Status::io_error(
        fmt::format("{}: cannot create {}: {}", key, path, std::strerror(errno)));
  }
  const std::string text = content + "\n";
  size_t written = 0;
  Status status = Status::ok_status();
  while (written < text.size()) {
    ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      status =
          Status::io_error(fmt::format("{}: cannot write {}: {}", key, path, std::strerror(errno)));
      break;
    }
    written += static_cast<size_t>(n);
  }
  if (status.ok() && ::fsync(fd) != 0) {
    status =
        Status::io_error(fmt::format("{}: cannot sync {}: {}", key, path, std::strerror(errno)));
  }
  ::close(fd);
  if (!status.ok()) ::unlink(path.c_str());
  return status;
}

}  // namespace

Result<std::string> secret_from_file(const std::string& key, const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return Status::invalid_argument(
        fmt::format("{}: cannot read {}: {}", key, path, std::strerror(errno)));
  }
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) {
    return Status::invalid_argument(fmt::format("{}: {} is empty on its first line", key, path));
  }
  return line;
}

Result<std::string> secret_from_env(const std::string& key, const std::string& name,
                                    const EnvLookup& env) {
  std::optional<std::string> value = env(name);
  if (!value || value->empty()) {
    return Status::invalid_argument(
        fmt::format("{}: the environment variable {} is not set or empty", key, name));
  }
  return *value;
}

Status check_owner_only(const std::string& key, const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Status::invalid_argument(
        fmt::format("{}: cannot read {}: {}", key, path, std::strerror(errno)));
  }
  if ((st.st_mode & 077) != 0) {
    return Status::invalid_argument(fmt::format(
        "{}: {} has mode {:04o}; a secret file must be readable by its owner only (chmod 600 {})",
        key, path, st.st_mode & 07777, path));
  }
  return Status::ok_status();
}

Result<std::string> read_or_create_secret_file(const std::string& key, const std::string& path,
                                               size_t random_bytes) {
  SLUICE_ASSIGN_OR_RETURN(std::string fresh, random_hex(random_bytes));
  bool existed = false;
  SLUICE_RETURN_IF_ERROR(create_exclusive(key, path, fresh, &existed));
  if (!existed) return fresh;
  SLUICE_RETURN_IF_ERROR(check_owner_only(key, path));
  // Another process may have created the file a moment ago and not written it yet.
  Result<std::string> read = secret_from_file(key, path);
  for (int i = 0; i < 20 && !read.ok(); ++i) {
    ::usleep(50'000);
    read = secret_from_file(key, path);
  }
  return read;
}

}  // namespace sluice
