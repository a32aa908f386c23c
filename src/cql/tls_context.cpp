#include "cql/tls_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

#include "cql/tls_error.h"

namespace sluice::cql {
namespace {

// OpenSSL's reasons for an unreadable file ("system lib") say less than errno does, so each
// file is opened once first.
Status readable(const char* what, const std::string& path) {
  std::ifstream in(path);
  if (in) return Status::ok_status();
  return Status::invalid_argument(std::string("TLS ") + what + " " + path +
                                  ": cannot read it: " + std::strerror(errno));
}

Status refused(const char* what, const std::string& path, const char* fallback) {
  return Status::invalid_argument(std::string("TLS ") + what + " " + path + ": " +
                                  take_openssl_errors(fallback));
}

// An encrypted private key would make OpenSSL ask for its passphrase on the terminal; a
// callback that has none makes loading it fail instead.
int no_passphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*userdata*/) {
  return 0;
}

Status load_trust(SSL_CTX* ctx, const TlsOptions& o) {
  if (o.ca_file.empty()) {
    if (SSL_CTX_set_default_verify_paths(ctx) == 1) return Status::ok_status();
    return Status::invalid_argument("TLS: cannot load the system's trusted certificates: " +
                                    take_openssl_errors("unknown error"));
  }
  SLUICE_RETURN_IF_ERROR(readable("CA file", o.ca_file));
  if (SSL_CTX_load_verify_locations(ctx, o.ca_file.c_str(), nullptr) != 1) {
    return refused("CA file", o.ca_file, "holds no PEM certificate");
  }
  return Status::ok_status();
}

Status load_client_certificate(SSL_CTX* ctx, const TlsOptions& o) {
  if (o.cert_file.empty() != o.key_file.empty()) {
    return Status::invalid_argument(
        "TLS: a client certificate needs both cert_file and key_file (one is missing)");
  }
  if (o.cert_file.empty()) return Status::ok_status();
  SLUICE_RETURN_IF_ERROR(readable("certificate file", o.cert_file));
  SLUICE_RETURN_IF_ERROR(readable("key file", o.key_file));
  if (SSL_CTX_use_certificate_chain_file(ctx, o.cert_file.c_str()) != 1) {
    return refused("certificate file", o.cert_file, "holds no PEM certificate");
  }
  SSL_CTX_set_default_passwd_cb(ctx, no_passphrase);
  // Loading the key checks it against the certificate already loaded.
  const bool loaded = SSL_CTX_use_PrivateKey_file(ctx, o.key_file.c_str(), SSL_FILETYPE_PEM) == 1;
  const bool mismatch =
      !loaded && ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH;
  if (mismatch || (loaded && SSL_CTX_check_private_key(ctx) != 1)) {
    ERR_clear_error();
    return Status::invalid_argument("TLS key file " + o.key_file +
                                    ": not the private key of the certificate in " + o.cert_file);
  }
  if (!loaded) {
    Status s = refused("key file", o.key_file, "holds no PEM private key");
    return Status::invalid_argument(s.message() + " (it must be PEM and not encrypted)");
  }
  return Status::ok_status();
}

}  // namespace

void TlsContext::Free::operator()(SSL_CTX* ctx) const {
  SSL_CTX_free(ctx);
}

Result<TlsContext> TlsContext::make(const TlsOptions& options) {
  ERR_clear_error();
  TlsContext context(SSL_CTX_new(TLS_client_method()));
  SSL_CTX* ctx = context.get();
  if (ctx == nullptr) {
    return Status::internal("TLS: cannot make an OpenSSL context: " +
                            take_openssl_errors("out of memory"));
  }
  if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1) {
    return Status::internal("TLS: cannot require TLS 1.2: " + take_openssl_errors("unknown"));
  }
  // A renegotiation would let a read need a write and a write need a read in TLS 1.2; CQL has
  // no use for one.
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  // Writes may end part way (TlsSocket then waits for the socket and goes on from there), and
  // reads take whatever has arrived in one go rather than a record at a time.
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  SSL_CTX_set_read_ahead(ctx, 1);
  SLUICE_RETURN_IF_ERROR(load_trust(ctx, options));
  SLUICE_RETURN_IF_ERROR(load_client_certificate(ctx, options));
  return context;
}

}  // namespace sluice::cql
