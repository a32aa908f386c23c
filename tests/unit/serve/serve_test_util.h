// Helpers of the HttpServer tests: a free port, and the API access they start servers with.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "serve/api_access.h"

namespace sluice::testing {

// A port that was free a moment ago (the kernel's pick for a throwaway socket).
inline int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    return -1;
  }
  close(fd);
  return ntohs(addr.sin_port);
}

inline constexpr const char* kTestApiToken = "unit-test-token-0123456789abcdef";

inline ApiAccess test_api_access(double rate_limit_per_s = 100, int rate_limit_burst = 200) {
  return ApiAccess{.token = kTestApiToken,
                   .token_source = "test",
                   .rate_limit_per_s = rate_limit_per_s,
                   .rate_limit_burst = rate_limit_burst};
}

}  // namespace sluice::testing
