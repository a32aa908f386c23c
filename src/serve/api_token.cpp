#include "serve/api_token.h"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <array>

#include "core/secret_source.h"

namespace sluice {
namespace {

// 256 bits, written as 64 hex digits.
constexpr size_t kTokenBytes = 32;

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

}  // namespace

Result<std::string> read_or_create_api_token(const std::string& path) {
  SLUICE_ASSIGN_OR_RETURN(std::string line,
                          read_or_create_secret_file("API token file", path, kTokenBytes));
  std::string token = trim(std::move(line));
  SLUICE_RETURN_IF_ERROR(
      check_length(token, path, "delete the file to have sluice make a new token"));
  return token;
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
