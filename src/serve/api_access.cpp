#include "serve/api_access.h"

#include <cstdlib>

#include "serve/api_token.h"

namespace sluice {

Result<ApiAccess> api_access(const ServeConfig& serve) {
  const char* env = std::getenv("SLUICE_API_TOKEN");
  const std::string_view env_token = env != nullptr ? env : "";
  SLUICE_ASSIGN_OR_RETURN(std::string token, resolve_api_token(env_token, serve.api_token_file));
  return ApiAccess{.token = std::move(token),
                   .token_source = env_token.empty() ? serve.api_token_file : "SLUICE_API_TOKEN",
                   .rate_limit_per_s = serve.rate_limit_per_s,
                   .rate_limit_burst = serve.rate_limit_burst};
}

}  // namespace sluice
