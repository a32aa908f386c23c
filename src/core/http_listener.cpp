#include "core/http_listener.h"

#include <sys/socket.h>

namespace sluice {

void set_listen_socket_options(int socket) {
  int yes = 1;
  // A failure here only loses the fast rebind after a restart; bind() reports real problems.
  (void)setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
}

}  // namespace sluice
