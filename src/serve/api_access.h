// What guards a process's /api/ (docs/operations.md, "Security"): the bearer token and the
// per-client rate limit, from the config's `serve:` section and the environment.
#pragma once

#include <string>

#include "core/config.h"
#include "core/status.h"

namespace sluice {

struct ApiAccess {
  std::string token;
  std::string token_source;  // "SLUICE_API_TOKEN" or the file's path: for messages, not a secret
  double rate_limit_per_s = 100;
  int rate_limit_burst = 200;
};

// SLUICE_API_TOKEN when set, else serve.api_token_file (made on first start); fails on a token
// file others may read, or a token too short.
Result<ApiAccess> api_access(const ServeConfig& serve);

}  // namespace sluice
