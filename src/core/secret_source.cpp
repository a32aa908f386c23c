#include "core/secret_source.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "core/log_secrets.h"

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

// Writes `content` and a newline to a private temporary file beside `path` and links it into
// place: no reader ever sees a half-written file, and a file made at the same moment by another
// process is kept (link fails with EEXIST), never replaced. The folder is made if missing.
Status create_secret_file(std::string_view key, const std::string& path,
                          const std::string& content) {
  std::error_code ec;
  const auto folder = std::filesystem::path(path).parent_path();
  if (!folder.empty()) std::filesystem::create_directories(folder, ec);
  if (ec) {
    return Status::io_error(
        fmt::format("{}: cannot make {}: {}", key, folder.string(), ec.message()));
  }
  const std::string temp = fmt::format("{}.{}.tmp", path, ::getpid());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status::io_error(
        fmt::format("{}: cannot create {}: {}", key, temp, std::strerror(errno)));
  }
  const std::string text = content + "\n";
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  const int linked = written && synced ? ::link(temp.c_str(), path.c_str()) : -1;
  const int link_errno = errno;
  ::unlink(temp.c_str());
  if (!written || !synced) return Status::io_error(fmt::format("{}: cannot write {}", key, temp));
  if (linked != 0 && link_errno != EEXIST) {
    return Status::io_error(
        fmt::format("{}: cannot create {}: {}", key, path, std::strerror(link_errno)));
  }
  return Status::ok_status();
}

}  // namespace

Result<std::string> read_secret_file(std::string_view key, const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return Status::invalid_argument(
        fmt::format("{}: cannot read {}: {}", key, path, std::strerror(errno)));
  }
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) {
    return Status::invalid_argument(
        fmt::format("{}: {} holds nothing on its first line", key, path));
  }
  register_log_secret(line);
  return line;
}

Result<std::string> read_secret_env(std::string_view key, const std::string& name,
                                    const EnvLookup& env) {
  std::optional<std::string> value = env(name);
  if (!value || value->empty()) {
    return Status::invalid_argument(
        fmt::format("{}: the environment variable {} is not set or empty", key, name));
  }
  register_log_secret(*value);
  return *value;
}

bool is_env_name(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool is_secret_property(std::string_view name) {
  std::string n(name);
  std::transform(n.begin(), n.end(), n.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static constexpr std::array<std::string_view, 4> kExact = {
      "ssl.key.pem", "ssl_key", "sasl.oauthbearer.config", "ssl.engine.callback_data"};
  if (std::find(kExact.begin(), kExact.end(), n) != kExact.end()) return true;
  return n.find("password") != std::string::npos || n.find("secret") != std::string::npos ||
         n.find("private") != std::string::npos || n.find("credential") != std::string::npos;
}

Status check_owner_only(std::string_view key, const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Status::invalid_argument(
        fmt::format("{}: cannot read {}: {}", key, path, std::strerror(errno)));
  }
  if (!S_ISREG(st.st_mode)) {
    return Status::invalid_argument(fmt::format("{}: {} is not a regular file", key, path));
  }
  if ((st.st_mode & 077) != 0) {
    return Status::invalid_argument(fmt::format(
        "{}: {} has mode {:04o}; a secret file must be readable by its owner only (chmod 600 {})",
        key, path, st.st_mode & 07777, path));
  }
  return Status::ok_status();
}

Result<std::string> read_or_create_secret_file(std::string_view key, const std::string& path,
                                               size_t random_bytes) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) {
      return Status::io_error(fmt::format("{}: {}: {}", key, path, std::strerror(errno)));
    }
    SLUICE_ASSIGN_OR_RETURN(std::string fresh, random_hex(random_bytes));
    SLUICE_RETURN_IF_ERROR(create_secret_file(key, path, fresh));
  }
  SLUICE_RETURN_IF_ERROR(check_owner_only(key, path));
  return read_secret_file(key, path);
}

}  // namespace sluice
