#include "cql/transport.h"

#include <utility>

#include "cql/tcp_socket.h"
#include "cql/tls_context.h"
#include "cql/tls_socket.h"

namespace sluice::cql {

Result<std::unique_ptr<Transport>> connect_transport(const Endpoint& endpoint,
                                                     const TlsOptions& tls,
                                                     std::chrono::milliseconds connect_timeout,
                                                     std::chrono::milliseconds send_timeout) {
  if (!tls.enabled) {
    auto socket = std::make_unique<TcpSocket>();
    SLUICE_RETURN_IF_ERROR(socket->connect(endpoint, connect_timeout, send_timeout));
    return std::unique_ptr<Transport>(std::move(socket));
  }
  // Made for each connection, so that certificates replaced on disk count from the next one.
  auto context = TlsContext::make(tls);
  if (!context.ok()) return context.status().with_context(endpoint.to_string());
  auto socket = std::make_unique<TlsSocket>();
  SLUICE_RETURN_IF_ERROR(
      socket->connect(endpoint, *context, tls.verify_hostname, connect_timeout, send_timeout));
  return std::unique_ptr<Transport>(std::move(socket));
}

}  // namespace sluice::cql
