// Session: the CQL client callers use. It keeps one Connection to one node of the contact
// points (the first that answers), and when that connection dies it fails over to the next
// node, reconnecting with exponential backoff while none answers. Statements marked
// idempotent are retried per RetryPolicy (retry_policy.h); prepared statements are prepared
// once per query text and cached with their result metadata, and an Unprepared error (the
// node restarted, or the table was dropped and re-created) makes the session prepare again
// and resend once, idempotent or not, since the statement did not run.
//
// Thread-safe: any number of threads may execute at once; their requests share the connection
// (multiplexed by stream id). Destroying the session closes the connection; it must outlive
// every call into it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/status.h"
#include "cql/connection.h"
#include "cql/host_stats.h"
#include "cql/retry_policy.h"
#include "cql/statement.h"

namespace sluice::cql {

struct SessionOptions {
  std::vector<std::string> contact_points = {"127.0.0.1:9042"};  // "host[:port]"
  ConnectionOptions connection;  // credentials, keyspace, timeouts, limits
  RetryPolicy retry;
  Consistency consistency = Consistency::kLocalQuorum;  // for statements that name none
  std::chrono::milliseconds reconnect_base_delay{200};
  std::chrono::milliseconds reconnect_max_delay{10000};
};

struct SessionStats {
  uint64_t retries = 0;                           // statements sent again after a retryable failure
  uint64_t reconnects = 0;                        // connections opened after the first
  uint64_t reprepares = 0;                        // statements prepared again after Unprepared
  std::map<std::string, HostRequestStats> hosts;  // by node ("address:port")
};

class Session {
 public:
  // Connects to the first contact point that answers; kUnavailable naming each one's failure
  // when none does, kInvalidArgument for a bad contact point or bad credentials.
  static Result<std::unique_ptr<Session>> connect(const SessionOptions& options);
  ~Session();

  // Runs one statement. On failure, *error receives the server's typed error when there was
  // one (Syntax_error, Unavailable, ...); the Status carries its mapping (server_error.h).
  Result<QueryResult> execute(const Statement& statement, ServerError* error = nullptr);
  Result<QueryResult> execute(const BatchStatement& batch, ServerError* error = nullptr);

  // Prepares (or returns the cached preparation of) `query`.
  Result<std::shared_ptr<const Prepared>> prepare(const std::string& query);

  // Runs a SELECT page by page (statement.page_size rows each, from statement.paging_state),
  // calling `on_page` for each page until the last or until it returns an error.
  Status for_each_page(Statement statement, const std::function<Status(const Rows&)>& on_page);
  // Every row of every page.
  Result<std::vector<Row>> fetch_all(const Statement& statement);

  // The node the current connection goes to, or nullopt while there is none.
  std::optional<Endpoint> connected_to() const;
  // While no node answers (the last connection attempt failed and none succeeded since): why,
  // naming each node's failure; "" otherwise. For readiness: statements wait and retry
  // meanwhile, so an outage may not show as errors.
  std::string unreachable() const;
  SessionStats stats() const;

 private:
  using Attempt = std::function<Result<QueryResult>(Connection&, std::optional<ServerError>*)>;

  explicit Session(const SessionOptions& options, std::vector<Endpoint> endpoints);
  Result<std::shared_ptr<Connection>> acquire();
  std::chrono::milliseconds reconnect_wait() const;
  Result<QueryResult> run(bool idempotent, const Attempt& attempt, ServerError* error);
  Result<QueryResult> send_statement(Connection& c, const Statement& s,
                                     std::optional<ServerError>* error);
  Result<QueryResult> send_batch(Connection& c, const BatchStatement& b,
                                 std::optional<ServerError>* error);
  Result<std::shared_ptr<const Prepared>> prepare_on(Connection& c, const std::string& query,
                                                     bool again);
  std::chrono::milliseconds timeout_of(const std::optional<std::chrono::milliseconds>& t) const;

  const SessionOptions options_;
  const std::vector<Endpoint> endpoints_;

  mutable std::mutex conn_mu_;  // guards the connection state below
  // Shared with the requests in flight on it, so a dying connection is destroyed only after
  // the last of them has returned, while the session already hands out its replacement.
  std::shared_ptr<Connection> current_;
  size_t current_index_ = 0;
  bool ever_connected_ = false;
  std::string keyspace_;  // USE'd on every new connection (updated by USE statements)
  std::chrono::steady_clock::time_point next_reconnect_{};
  std::chrono::milliseconds reconnect_delay_;
  std::string last_connect_error_;

  std::mutex prepared_mu_;  // guards prepared_
  // Immutable once made; shared with the statements executing it.
  std::map<std::string, std::shared_ptr<const Prepared>> prepared_;

  std::mutex rng_mu_;
  std::mt19937_64 rng_;

  std::atomic<uint64_t> retries_{0};
  std::atomic<uint64_t> reconnects_{0};
  HostStats host_stats_;
  std::atomic<uint64_t> reprepares_{0};
};

}  // namespace sluice::cql
