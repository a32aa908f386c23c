// The bearer token that guards /api/ (docs/operations.md, "Security"): SLUICE_API_TOKEN when set,
// else the first line of a token file, made on first start (mode 0600, 256 random bits in hex
// from the kernel's CSPRNG) and reused afterwards. A file that others may read or write is refused,
// as ssh refuses a private key: its token may have leaked. No function here logs a token.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace sluice {

// A token shorter than this, from the environment or a file, is refused: it is guessable.
inline constexpr size_t kMinApiTokenChars = 16;

// The token in `path`, or a new one written there if the file does not exist (the folder is
// made; core/secret_source.h: 32 random bytes as 64 hex digits, mode 0600, linked into place so
// that two processes starting at once agree on one token).
Result<std::string> read_or_create_api_token(const std::string& path);

// `env_token` (the value of SLUICE_API_TOKEN, "" when unset) wins over the file.
Result<std::string> resolve_api_token(std::string_view env_token, const std::string& path);

// Equal, in a time that does not depend on where the two differ nor on `given`'s length:
// both are hashed (SHA-256) and the digests compared with CRYPTO_memcmp.
bool api_tokens_equal(std::string_view expected, std::string_view given);

}  // namespace sluice
