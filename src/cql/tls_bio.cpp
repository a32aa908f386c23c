#include "cql/tls_bio.h"

#include <openssl/bio.h>
#include <sys/socket.h>

#include <cerrno>

namespace sluice::cql {
namespace {

// What a BIO of ours points at.
struct SocketRef {
  int fd = -1;
};

int fd_of(BIO* bio) {
  return static_cast<const SocketRef*>(BIO_get_data(bio))->fd;
}

bool would_block(int err) {
  return err == EAGAIN || err == EWOULDBLOCK || err == EINTR;
}

int bio_write(BIO* bio, const char* data, int size) {
  BIO_clear_retry_flags(bio);
  const ssize_t n = ::send(fd_of(bio), data, static_cast<size_t>(size), MSG_NOSIGNAL);
  if (n >= 0) return static_cast<int>(n);
  if (would_block(errno)) BIO_set_retry_write(bio);
  return -1;
}

int bio_read(BIO* bio, char* out, int size) {
  BIO_clear_retry_flags(bio);
  const ssize_t n = ::recv(fd_of(bio), out, static_cast<size_t>(size), 0);
  if (n >= 0) return static_cast<int>(n);  // 0: the peer closed its side
  if (would_block(errno)) BIO_set_retry_read(bio);
  return -1;
}

long bio_ctrl(BIO* /*bio*/, int cmd, long /*num*/, void* /*ptr*/) {
  // Writes go straight to the socket: nothing is ever buffered here to flush. Every other
  // control (kTLS, pushing filters) is answered "not supported".
  return cmd == BIO_CTRL_FLUSH ? 1 : 0;
}

int bio_destroy(BIO* bio) {
  delete static_cast<SocketRef*>(BIO_get_data(bio));
  BIO_set_data(bio, nullptr);
  return 1;
}

// Made once and kept for the life of the process, as OpenSSL's own methods are.
const BIO_METHOD* socket_method() {
  static BIO_METHOD* const kMethod = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "sluice socket");
    if (m == nullptr) return m;
    BIO_meth_set_write(m, bio_write);
    BIO_meth_set_read(m, bio_read);
    BIO_meth_set_ctrl(m, bio_ctrl);
    BIO_meth_set_destroy(m, bio_destroy);
    return m;
  }();
  return kMethod;
}

}  // namespace

BIO* new_socket_bio(int fd) {
  const BIO_METHOD* method = socket_method();
  if (method == nullptr) return nullptr;
  BIO* bio = BIO_new(method);
  if (bio == nullptr) return nullptr;
  BIO_set_data(bio, new SocketRef{fd});
  BIO_set_init(bio, 1);
  return bio;
}

}  // namespace sluice::cql
