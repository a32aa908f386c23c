// TlsOptions: whether and how a Connection speaks TLS (docs/cql.md, "TLS"). Paths are PEM
// files, read on every new connection, so certificates rotated on disk are picked up at the
// next reconnect.
#pragma once

#include <string>

namespace sluice::cql {

struct TlsOptions {
  bool enabled = false;  // false: plaintext, and nothing below is read
  // CA certificates the server's chain must lead to; "": the system's trusted store.
  std::string ca_file;
  // A client certificate (chain) and its private key, for servers that ask for one (mutual
  // TLS); both or neither.
  std::string cert_file;
  std::string key_file;
  // The certificate must name the host the Connection dialled (DNS name or IP address, as
  // written in the endpoint). Off accepts any certificate the CA signed: only for a CA that
  // signs nothing but this cluster's nodes.
  bool verify_hostname = true;
};

}  // namespace sluice::cql
