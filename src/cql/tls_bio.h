// A BIO (OpenSSL's I/O layer) over a connected non-blocking socket, for TlsSocket. OpenSSL's
// own socket BIO writes with write(2), which raises SIGPIPE when the peer has gone and would
// kill the process (sluice does not ignore SIGPIPE); this one sends with MSG_NOSIGNAL, as the
// plaintext TcpSocket does. Reads and writes that would block set the BIO's retry flags, so
// that SSL_read/SSL_write report SSL_ERROR_WANT_READ/WANT_WRITE.
#pragma once

#include <openssl/types.h>

namespace sluice::cql {

// A new BIO over `fd`, which it does not own or close; nullptr when OpenSSL is out of memory.
BIO* new_socket_bio(int fd);

}  // namespace sluice::cql
