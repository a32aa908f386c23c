// TlsContext: the OpenSSL client context a TLS connection is made from (SSL_CTX), built from
// TlsOptions: TLS 1.2 or later, the server's chain verified against ca_file or the system's
// trusted store, the client certificate and key loaded and checked to belong together, no
// renegotiation. Owns the SSL_CTX; immutable once made, so connections may share it (each
// SSL made from it holds its own reference, so it may also be dropped once they are made).
#pragma once

#include <openssl/types.h>

#include <memory>

#include "core/status.h"
#include "cql/tls_options.h"

namespace sluice::cql {

class TlsContext {
 public:
  // kInvalidArgument naming the file and why when one cannot be used (unreadable, not PEM,
  // a key that does not match its certificate, an encrypted key: nothing can prompt for its
  // passphrase); kInternal when OpenSSL cannot make a context at all.
  static Result<TlsContext> make(const TlsOptions& options);

  SSL_CTX* get() const { return ctx_.get(); }

 private:
  struct Free {
    void operator()(SSL_CTX* ctx) const;
  };
  explicit TlsContext(SSL_CTX* ctx) : ctx_(ctx) {}

  std::unique_ptr<SSL_CTX, Free> ctx_;
};

}  // namespace sluice::cql
