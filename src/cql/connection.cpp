#include "cql/connection.h"

#include <algorithm>
#include <string>
#include <utility>

#include "cql/request.h"

namespace sluice::cql {
namespace {

using Clock = std::chrono::steady_clock;

// "USE" takes an identifier: quote it so that any keyspace name is taken literally.
std::string use_statement(const std::string& keyspace) {
  std::string quoted = "\"";
  for (char c : keyspace) {
    quoted += c;
    if (c == '"') quoted += '"';
  }
  return "USE " + quoted + "\"";
}

}  // namespace

Connection::Connection(const Endpoint& endpoint, const ConnectionOptions& options)
    : endpoint_(endpoint),
      endpoint_text_(endpoint.to_string()),
      options_(options),
      num_streams_(std::clamp(options.max_in_flight, 1, kMaxStreams)) {
  slots_ = std::make_unique<Slot[]>(static_cast<size_t>(num_streams_));
  free_streams_.reserve(static_cast<size_t>(num_streams_));
  for (int i = num_streams_ - 1; i >= 0; --i)
    free_streams_.push_back(static_cast<int16_t>(i));
}

Connection::~Connection() {
  close_with(Status::aborted("connection to " + endpoint_.to_string() + " closed"));
  if (reader_.joinable()) reader_.join();
  transport_.reset();
}

Result<std::unique_ptr<Connection>> Connection::open(const Endpoint& endpoint,
                                                     const ConnectionOptions& options) {
  std::unique_ptr<Connection> c(new Connection(endpoint, options));
  SLUICE_ASSIGN_OR_RETURN(
      c->transport_,
      connect_transport(endpoint, options.tls, options.connect_timeout, options.request_timeout));
  c->reader_ = std::thread([conn = c.get()] { conn->reader_loop(); });
  Status s = c->handshake();
  if (!s.ok()) return s.with_context(endpoint.to_string());
  return c;
}

Status Connection::handshake() {
  SLUICE_ASSIGN_OR_RETURN(std::string startup, encode_startup());
  SLUICE_ASSIGN_OR_RETURN(Frame f, round_trip(Opcode::kStartup, startup, options_.connect_timeout));
  SLUICE_ASSIGN_OR_RETURN(Response r, decode_response(f));
  switch (r.opcode) {
    case Opcode::kReady:
      break;
    case Opcode::kAuthenticate:
      SLUICE_RETURN_IF_ERROR(authenticate(r.authenticator));
      break;
    case Opcode::kError:
      return r.error.to_status().with_context("STARTUP");
    default:
      return Status::corruption("STARTUP answered with " + std::string(opcode_name(r.opcode)));
  }
  if (options_.keyspace.empty()) return Status::ok_status();
  QueryParameters params;
  params.consistency = Consistency::kOne;
  SLUICE_ASSIGN_OR_RETURN(std::string use, encode_query(use_statement(options_.keyspace), params));
  return request(Opcode::kQuery, use, options_.connect_timeout).status();
}

Status Connection::authenticate(const std::string& authenticator) {
  if (options_.username.empty()) {
    return Status::invalid_argument("authentication failed: the server requires credentials (" +
                                    authenticator + ") and none were configured");
  }
  SLUICE_ASSIGN_OR_RETURN(std::string body,
                          encode_plain_auth_response(options_.username, options_.password));
  SLUICE_ASSIGN_OR_RETURN(Frame f,
                          round_trip(Opcode::kAuthResponse, body, options_.connect_timeout));
  SLUICE_ASSIGN_OR_RETURN(Response r, decode_response(f));
  if (r.opcode == Opcode::kAuthSuccess) return Status::ok_status();
  if (r.opcode == Opcode::kError) {
    // The server's message names the user, never the password.
    return r.error.to_status();
  }
  return Status::invalid_argument("authentication failed: " + authenticator + " answered " +
                                  std::string(opcode_name(r.opcode)) +
                                  " (only SASL PLAIN, one step, is supported)");
}

void Connection::reader_loop() {
  const std::string where = "connection to " + endpoint_.to_string();
  while (true) {
    char header[kHeaderSize];
    Status s = transport_->read_exact(header, kHeaderSize);
    if (!s.ok()) return fail_all(s.with_context(where));
    auto h =
        decode_response_header(std::string_view(header, kHeaderSize), options_.max_body_length);
    if (!h.ok()) {
      transport_->shutdown();
      return fail_all(h.status().with_context(where));
    }
    Frame frame{*h, std::string(h->length, '\0')};
    s = transport_->read_exact(frame.body.data(), frame.body.size());
    if (!s.ok()) return fail_all(s.with_context(where));
    std::lock_guard<std::mutex> lock(mu_);
    last_frame_at_ = Clock::now();
    // An EVENT (we never REGISTER, so nothing to do), or a stream id that is not one of ours.
    if (h->stream < 0 || h->stream >= num_streams_) continue;
    Slot& slot = slots_[static_cast<size_t>(h->stream)];
    if (slot.state == SlotState::kWaiting) {
      slot.frame = std::move(frame);
      slot.state = SlotState::kDone;
      slot.cv.notify_one();
    } else if (slot.state == SlotState::kAbandoned) {
      release_stream(h->stream);  // the late answer of a timed-out request
    }
  }
}

void Connection::fail_all(const Status& why) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!dead_) {
    dead_ = true;
    failure_ = why.code() == StatusCode::kCorruption ? why : Status::unavailable(why.message());
  }
  for (int i = 0; i < num_streams_; ++i) {
    Slot& slot = slots_[static_cast<size_t>(i)];
    if (slot.state == SlotState::kWaiting) {
      slot.state = SlotState::kFailed;
      slot.cv.notify_one();
    } else if (slot.state == SlotState::kAbandoned) {
      release_stream(static_cast<int16_t>(i));
    }
  }
  stream_freed_.notify_all();
}

void Connection::close_with(const Status& why) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!dead_) {
      dead_ = true;
      failure_ = why;
    }
  }
  // The reader wakes, fails whoever still waits, and ends. No transport: open() failed first.
  if (transport_) transport_->shutdown();
}

Result<int16_t> Connection::acquire_stream(Clock::time_point deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  bool got =
      stream_freed_.wait_until(lock, deadline, [&] { return dead_ || !free_streams_.empty(); });
  if (dead_) return failure_;
  if (!got) {
    return Status::timeout("all " + std::to_string(num_streams_) + " streams to " +
                           endpoint_.to_string() + " busy");
  }
  int16_t stream = free_streams_.back();
  free_streams_.pop_back();
  slots_[static_cast<size_t>(stream)].state = SlotState::kWaiting;
  return stream;
}

void Connection::release_stream(int16_t stream) {
  Slot& slot = slots_[static_cast<size_t>(stream)];
  slot.state = SlotState::kFree;
  slot.frame = Frame{};
  free_streams_.push_back(stream);
  stream_freed_.notify_one();
}

Result<Frame> Connection::round_trip(Opcode op, std::string_view body,
                                     std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  SLUICE_ASSIGN_OR_RETURN(int16_t stream, acquire_stream(deadline));
  Status sent;
  {
    std::lock_guard<std::mutex> lock(write_mu_);
    sent = transport_->write_all(encode_request(stream, op, body));
  }
  if (!sent.ok()) {
    // A partial frame leaves the stream unusable: the reader fails everyone when it notices.
    Status lost =
        Status::unavailable(sent.with_context("connection to " + endpoint_.to_string()).message());
    close_with(lost);
    std::lock_guard<std::mutex> lock(mu_);
    release_stream(stream);
    return lost;
  }
  auto sent_at = Clock::now();
  std::unique_lock<std::mutex> lock(mu_);
  Slot& slot = slots_[static_cast<size_t>(stream)];
  slot.cv.wait_until(lock, deadline, [&] { return slot.state != SlotState::kWaiting; });
  if (slot.state == SlotState::kDone) {
    Frame f = std::move(slot.frame);
    release_stream(stream);
    return f;
  }
  if (slot.state == SlotState::kFailed) {
    release_stream(stream);
    return failure_;
  }
  slot.state = SlotState::kAbandoned;
  bool silent = last_frame_at_ < sent_at;
  lock.unlock();
  std::string what = std::string(opcode_name(op)) + " to " + endpoint_.to_string() +
                     " got no answer within " + std::to_string(timeout.count()) + " ms";
  if (!silent) return Status::timeout(what);
  // Not a single frame from the node for a whole timeout: take it for dead (the reader then
  // fails every other waiter) so that the session fails over instead of waiting on it again.
  close_with(Status::unavailable(endpoint_.to_string() + " sent nothing for " +
                                 std::to_string(timeout.count()) + " ms"));
  return Status::timeout(what + ", nor anything else: connection closed");
}

Result<QueryResult> Connection::request(Opcode op, std::string_view body,
                                        std::chrono::milliseconds timeout,
                                        std::optional<ServerError>* error,
                                        const RowsMetadata* cached) {
  SLUICE_ASSIGN_OR_RETURN(Frame f, round_trip(op, body, timeout));
  auto r = decode_response(f, cached);
  if (!r.ok()) return r.status().with_context("response from " + endpoint_.to_string());
  if (r->opcode == Opcode::kError) {
    if (error) *error = r->error;
    return r->error.to_status();
  }
  if (r->opcode != Opcode::kResult) {
    return Status::corruption(std::string(opcode_name(op)) + " answered with " +
                              std::string(opcode_name(r->opcode)));
  }
  return std::move(r->result);
}

Result<std::map<std::string, std::vector<std::string>>> Connection::options() {
  SLUICE_ASSIGN_OR_RETURN(Frame f, round_trip(Opcode::kOptions, "", options_.request_timeout));
  SLUICE_ASSIGN_OR_RETURN(Response r, decode_response(f));
  if (r.opcode == Opcode::kError) return r.error.to_status();
  if (r.opcode != Opcode::kSupported) {
    return Status::corruption("OPTIONS answered with " + std::string(opcode_name(r.opcode)));
  }
  return std::move(r.supported);
}

bool Connection::alive() const {
  std::lock_guard<std::mutex> lock(mu_);
  return !dead_;
}

Status Connection::failure() const {
  std::lock_guard<std::mutex> lock(mu_);
  return failure_;
}

}  // namespace sluice::cql
