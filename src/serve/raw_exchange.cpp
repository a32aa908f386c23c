#include "serve/raw_exchange.h"

#include <httplib.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "serve/http_server.h"

namespace sluice {
namespace {

// A connection whose client sent `in` and then closed its side; what the server writes is
// kept in `out`.
class BytesStream final : public httplib::Stream {
 public:
  explicit BytesStream(std::string_view in) : in_(in) {}

  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    const size_t n = std::min(size, in_.size());
    std::copy_n(in_.data(), n, ptr);
    in_.remove_prefix(n);
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    out_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 40000;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 8090;
  }
  socket_t socket() const override { return INVALID_SOCKET; }

  const std::string& out() const { return out_; }

 private:
  std::string_view in_;
  std::string out_;
};

class RawServer final : public httplib::Server {
 public:
  std::string answer(std::string_view raw) {
    BytesStream stream(raw);
    bool closed = false;
    process_request(stream, /*close_connection=*/true, closed, nullptr);
    return stream.out();
  }
};

}  // namespace

std::unique_ptr<httplib::Server> make_raw_server() {
  return std::make_unique<RawServer>();
}

std::string HttpServer::answer_raw(std::string_view raw) {
  add_routes();
  return static_cast<RawServer&>(*server_).answer(raw);
}

}  // namespace sluice
