#include "serve/api_token.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace sluice {
namespace {

std::string trim(std::string s) {
  while (!s.empty() &&
         (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
    s.pop_back();
  size_t start = 0;
  while (start < s.size() && (s[start] == ' ' || s[start] == '\t'))
    ++start;
  return s.substr(start);
}

Status check_length(const std::string& token, std::string_view where, std::string_view remedy) {
  if (token.size() < kMinApiTokenChars) {
    return Status::invalid_argument(
        fmt::format("the API token in {} has {} characters; at least {} are needed ({})", where,
                    token.size(), kMinApiTokenChars, remedy));
  }
  return {};
}

// The first line of an existing token file, refused when group or others have any access.
Result<std::string> read_token_file(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    return Status::io_error(fmt::format("API token file {}: {}", path, std::strerror(errno)));
  }
  if (!S_ISREG(st.st_mode)) {
    return Status::invalid_argument(fmt::format("API token file {} is not a regular file", path));
  }
  if ((st.st_mode & 077) != 0) {
    return Status::invalid_argument(
        fmt::format("API token file {} has mode {:04o}: others may have read it; give it mode 0600 "
                    "(chmod 600 {}) or delete it to have sluice make a new token",
                    path, st.st_mode & 07777, path));
  }
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) {
    return Status::io_error(fmt::format("API token file {} cannot be read or is empty", path));
  }
  std::string token = trim(line);
  SLUICE_RETURN_IF_ERROR(
      check_length(token, path, "delete the file to have sluice make a new token"));
  return token;
}

// Writes a new token to a private temporary file beside `path` and links it into place, so that
// no reader ever sees a half-written file and a token made at the same moment is not replaced.
Status create_token_file(const std::string& path) {
  std::error_code ec;
  const auto folder = std::filesystem::path(path).parent_path();
  if (!folder.empty()) std::filesystem::create_directories(folder, ec);
  if (ec) {
    return Status::io_error(
        fmt::format("cannot make {} for the API token: {}", folder.string(), ec.message()));
  }
  SLUICE_ASSIGN_OR_RETURN(std::string token, random_api_token());
  const std::string temp = fmt::format("{}.{}.tmp", path, getpid());
  const int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status::io_error(fmt::format("cannot create {}: {}", temp, std::strerror(errno)));
  }
  token += '\n';
  const bool written = write(fd, token.data(), token.size()) == static_cast<ssize_t>(token.size());
  const bool synced = fsync(fd) == 0;
  close(fd);
  const int linked = written && synced ? link(temp.c_str(), path.c_str()) : -1;
  const int link_errno = errno;
  unlink(temp.c_str());
  if (!written || !synced) return Status::io_error(fmt::format("cannot write {}", temp));
  if (linked != 0 && link_errno != EEXIST) {
    return Status::io_error(
        fmt::format("cannot create API token file {}: {}", path, std::strerror(link_errno)));
  }
  return {};
}

}  // namespace

Result<std::string> random_api_token() {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return Status::internal("the random generator (OpenSSL RAND_bytes) failed");
  }
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (unsigned char b : bytes)
    hex += fmt::format("{:02x}", b);
  OPENSSL_cleanse(bytes.data(), bytes.size());
  return hex;
}

Result<std::string> read_or_create_api_token(const std::string& path) {
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) {
      return Status::io_error(fmt::format("API token file {}: {}", path, std::strerror(errno)));
    }
    SLUICE_RETURN_IF_ERROR(create_token_file(path));
  }
  return read_token_file(path);
}

Result<std::string> resolve_api_token(std::string_view env_token, const std::string& path) {
  if (!env_token.empty()) {
    std::string token = trim(std::string(env_token));
    SLUICE_RETURN_IF_ERROR(check_length(token, "SLUICE_API_TOKEN", "e.g. openssl rand -hex 32"));
    return token;
  }
  return read_or_create_api_token(path);
}

bool api_tokens_equal(std::string_view expected, std::string_view given) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> a{};
  std::array<unsigned char, SHA256_DIGEST_LENGTH> b{};
  SHA256(reinterpret_cast<const unsigned char*>(expected.data()), expected.size(), a.data());
  SHA256(reinterpret_cast<const unsigned char*>(given.data()), given.size(), b.data());
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace sluice
