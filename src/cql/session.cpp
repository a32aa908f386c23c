#include "cql/session.h"

#include <algorithm>
#include <string>
#include <thread>
#include <utility>

#include "cql/request.h"

namespace sluice::cql {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

milliseconds until(Clock::time_point t) {
  auto left = std::chrono::duration_cast<milliseconds>(t - Clock::now());
  return std::max(left, milliseconds(0));
}

}  // namespace

Session::Session(const SessionOptions& options, std::vector<Endpoint> endpoints)
    : options_(options),
      endpoints_(std::move(endpoints)),
      keyspace_(options.connection.keyspace),
      reconnect_delay_(options.reconnect_base_delay),
      rng_(std::random_device{}()) {}

Session::~Session() = default;

Result<std::unique_ptr<Session>> Session::connect(const SessionOptions& options) {
  if (options.contact_points.empty()) return Status::invalid_argument("no contact points");
  std::vector<Endpoint> endpoints;
  for (const auto& cp : options.contact_points) {
    SLUICE_ASSIGN_OR_RETURN(Endpoint e, parse_endpoint(cp));
    endpoints.push_back(std::move(e));
  }
  std::unique_ptr<Session> s(new Session(options, std::move(endpoints)));
  SLUICE_RETURN_IF_ERROR(s->acquire().status());
  return s;
}

Result<std::shared_ptr<Connection>> Session::acquire() {
  std::lock_guard<std::mutex> lock(conn_mu_);
  if (current_ && current_->alive()) return current_;
  if (Clock::now() < next_reconnect_) {
    return Status::unavailable("no Cassandra node reachable (next attempt in " +
                               std::to_string(until(next_reconnect_).count()) +
                               " ms): " + last_connect_error_);
  }
  // After a loss, try the other nodes first and the one that failed last.
  size_t start = ever_connected_ ? current_index_ + 1 : 0;
  ConnectionOptions opts = options_.connection;
  opts.keyspace = keyspace_;
  std::string errors;
  for (size_t i = 0; i < endpoints_.size(); ++i) {
    size_t index = (start + i) % endpoints_.size();
    auto c = Connection::open(endpoints_[index], opts);
    if (c.ok()) {
      if (ever_connected_) reconnects_++;
      current_ = std::shared_ptr<Connection>(std::move(c).value());
      current_index_ = index;
      ever_connected_ = true;
      last_connect_error_.clear();
      reconnect_delay_ = options_.reconnect_base_delay;
      return current_;
    }
    // Wrong credentials or keyspace will not get better on another node or later.
    if (c.status().code() == StatusCode::kInvalidArgument) return c.status();
    if (!errors.empty()) errors += "; ";
    errors += c.status().message();
  }
  current_.reset();
  last_connect_error_ = errors;
  next_reconnect_ = Clock::now() + reconnect_delay_;
  reconnect_delay_ = std::min(reconnect_delay_ * 2, options_.reconnect_max_delay);
  return Status::unavailable("no Cassandra node reachable: " + errors);
}

milliseconds Session::reconnect_wait() const {
  std::lock_guard<std::mutex> lock(conn_mu_);
  return current_ ? milliseconds(0) : until(next_reconnect_);
}

std::optional<Endpoint> Session::connected_to() const {
  std::lock_guard<std::mutex> lock(conn_mu_);
  if (current_ && current_->alive()) return current_->endpoint();
  return std::nullopt;
}

std::string Session::unreachable() const {
  std::lock_guard<std::mutex> lock(conn_mu_);
  if (current_ != nullptr || last_connect_error_.empty()) return {};
  return "no Cassandra node reachable: " + last_connect_error_;
}

SessionStats Session::stats() const {
  return {retries_, reconnects_, reprepares_, host_stats_.snapshot()};
}

milliseconds Session::timeout_of(const std::optional<milliseconds>& t) const {
  return t.value_or(options_.connection.request_timeout);
}

Result<QueryResult> Session::run(bool idempotent, const Attempt& attempt, ServerError* error) {
  for (int n = 0;; ++n) {
    AttemptFailure f;
    auto conn = acquire();
    if (!conn.ok()) {
      f.status = conn.status();
      f.connection_lost = f.status.code() == StatusCode::kUnavailable;
    } else {
      std::optional<ServerError> server_error;
      const auto sent = std::chrono::steady_clock::now();
      auto r = attempt(**conn, &server_error);
      host_stats_.record(
          (*conn)->endpoint_text(),
          std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count(), r.ok());
      if (r.ok()) return r;
      f.status = r.status();
      f.server_error = std::move(server_error);
      // A client-side timeout stays a timeout even when it made the connection close.
      f.connection_lost =
          !f.server_error && f.status.code() != StatusCode::kTimeout && !(*conn)->alive();
    }
    if (!should_retry(options_.retry, idempotent, f, n)) {
      if (error && f.server_error) *error = *f.server_error;
      return f.status;
    }
    retries_++;
    uint64_t random;
    {
      std::lock_guard<std::mutex> lock(rng_mu_);
      random = rng_();
    }
    milliseconds pause =
        backoff_delay(options_.retry.base_delay, options_.retry.max_delay, n + 1, random);
    std::this_thread::sleep_for(std::max(pause, reconnect_wait()));
  }
}

Result<std::shared_ptr<const Prepared>> Session::prepare_on(Connection& c, const std::string& query,
                                                            bool again) {
  if (!again) {
    std::lock_guard<std::mutex> lock(prepared_mu_);
    auto it = prepared_.find(query);
    if (it != prepared_.end()) return it->second;
  }
  SLUICE_ASSIGN_OR_RETURN(std::string body, encode_prepare(query));
  SLUICE_ASSIGN_OR_RETURN(QueryResult r,
                          c.request(Opcode::kPrepare, body, options_.connection.request_timeout));
  if (r.kind != ResultKind::kPrepared) {
    return Status::corruption("PREPARE answered with a " + std::string(result_kind_name(r.kind)) +
                              " result");
  }
  auto p = std::make_shared<const Prepared>(std::move(r.prepared));
  std::lock_guard<std::mutex> lock(prepared_mu_);
  prepared_[query] = p;
  return p;
}

Result<std::shared_ptr<const Prepared>> Session::prepare(const std::string& query) {
  std::shared_ptr<const Prepared> out;
  auto r = run(
      true,
      [&](Connection& c, std::optional<ServerError>*) -> Result<QueryResult> {
        SLUICE_ASSIGN_OR_RETURN(out, prepare_on(c, query, false));
        return QueryResult{};
      },
      nullptr);
  if (!r.ok()) return r.status();
  return out;
}

Result<QueryResult> Session::send_statement(Connection& c, const Statement& s,
                                            std::optional<ServerError>* error) {
  QueryParameters p;
  p.consistency = s.consistency.value_or(options_.consistency);
  p.values = &s.values;
  p.page_size = s.page_size;
  if (s.paging_state) p.paging_state = *s.paging_state;
  p.serial_consistency = s.serial_consistency;
  p.default_timestamp_us = s.default_timestamp_us;
  milliseconds timeout = timeout_of(s.timeout);
  if (!s.prepared) {
    SLUICE_ASSIGN_OR_RETURN(std::string body, encode_query(s.query, p));
    auto r = c.request(Opcode::kQuery, body, timeout, error);
    if (r.ok() && r->kind == ResultKind::kSetKeyspace) {
      std::lock_guard<std::mutex> lock(conn_mu_);
      keyspace_ = r->keyspace;
    }
    return r;
  }
  for (bool again = false;; again = true) {
    SLUICE_ASSIGN_OR_RETURN(auto prepared, prepare_on(c, s.query, again));
    p.bind_types = &prepared->bind_markers;
    SLUICE_ASSIGN_OR_RETURN(std::string body, encode_execute(prepared->id, p));
    auto r = c.request(Opcode::kExecute, body, timeout, error, &prepared->result_metadata);
    if (r.ok() || again || !*error || (*error)->code != ErrorCode::kUnprepared) return r;
    reprepares_++;
    error->reset();
  }
}

Result<QueryResult> Session::send_batch(Connection& c, const BatchStatement& b,
                                        std::optional<ServerError>* error) {
  for (bool again = false;; again = true) {
    // One preparation per prepared entry, kept alive until the batch is encoded.
    std::vector<std::shared_ptr<const Prepared>> prepared(b.statements.size());
    std::vector<BatchEntry> entries;
    entries.reserve(b.statements.size());
    for (size_t i = 0; i < b.statements.size(); ++i) {
      const Statement& s = b.statements[i];
      BatchEntry e{s.prepared, s.query, &s.values, nullptr};
      if (s.prepared) {
        SLUICE_ASSIGN_OR_RETURN(prepared[i], prepare_on(c, s.query, false));
        e.query_or_id = prepared[i]->id;
        e.bind_types = &prepared[i]->bind_markers;
      }
      entries.push_back(e);
    }
    SLUICE_ASSIGN_OR_RETURN(
        std::string body,
        encode_batch(b.type, entries, b.consistency.value_or(options_.consistency),
                     b.serial_consistency, b.default_timestamp_us));
    auto r = c.request(Opcode::kBatch, body, timeout_of(b.timeout), error);
    if (r.ok() || again || !*error || (*error)->code != ErrorCode::kUnprepared) return r;
    // Prepare again the statement the node did not know (every one, if the id matches none),
    // then resend once.
    const std::string& unknown = (*error)->unprepared_id;
    bool matched = std::any_of(prepared.begin(), prepared.end(),
                               [&](const auto& p) { return p && p->id == unknown; });
    for (size_t i = 0; i < b.statements.size(); ++i) {
      if (prepared[i] && (!matched || prepared[i]->id == unknown)) {
        SLUICE_RETURN_IF_ERROR(prepare_on(c, b.statements[i].query, true).status());
      }
    }
    reprepares_++;
    error->reset();
  }
}

Result<QueryResult> Session::execute(const Statement& statement, ServerError* error) {
  return run(
      statement.idempotent,
      [&](Connection& c, std::optional<ServerError>* e) { return send_statement(c, statement, e); },
      error);
}

Result<QueryResult> Session::execute(const BatchStatement& batch, ServerError* error) {
  return run(
      batch.idempotent,
      [&](Connection& c, std::optional<ServerError>* e) { return send_batch(c, batch, e); }, error);
}

Status Session::for_each_page(Statement statement,
                              const std::function<Status(const Rows&)>& on_page) {
  while (true) {
    SLUICE_ASSIGN_OR_RETURN(QueryResult r, execute(statement));
    if (r.kind != ResultKind::kRows) {
      return Status::invalid_argument("paging needs a SELECT; got a " +
                                      std::string(result_kind_name(r.kind)) + " result");
    }
    SLUICE_RETURN_IF_ERROR(on_page(r.rows));
    if (!r.rows.metadata.has_more_pages()) return Status::ok_status();
    statement.paging_state = std::move(r.rows.metadata.paging_state);
  }
}

Result<std::vector<Row>> Session::fetch_all(const Statement& statement) {
  std::vector<Row> rows;
  SLUICE_RETURN_IF_ERROR(for_each_page(statement, [&](const Rows& page) {
    rows.insert(rows.end(), page.rows.begin(), page.rows.end());
    return Status::ok_status();
  }));
  return rows;
}

}  // namespace sluice::cql
