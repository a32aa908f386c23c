// One libpq connection with the run store's needs: statements prepared once per connection
// (keyed by their SQL literal), text parameters, results as RAII objects, and a reconnect when
// the server dropped the connection (a restart, an idle timeout, pg_terminate_backend). Every
// failure is a Status naming the operation, with PostgreSQL's message and SQLSTATE; connection
// parameters (a password among them) are never part of one. Not thread-safe: one caller at a
// time.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace sluice::schedule {

// libpq's keyword/value pairs (PQconnectdbParams); "dbname" may be a whole connection string.
using PgConnectParams = std::vector<std::pair<std::string, std::string>>;

// A statement's parameters, as text (NULL for nullopt).
class PgParams {
 public:
  PgParams& add(std::string_view text) {
    values_.emplace_back(std::string(text));
    return *this;
  }
  PgParams& add(int64_t value) {
    values_.emplace_back(std::to_string(value));
    return *this;
  }
  PgParams& add_null() {
    values_.emplace_back(std::nullopt);
    return *this;
  }
  const std::vector<std::optional<std::string>>& values() const { return values_; }

 private:
  std::vector<std::optional<std::string>> values_;
};

class PgResult {
 public:
  explicit PgResult(PGresult* result) : result_(result) {}
  int rows() const { return PQntuples(result_.get()); }
  std::string_view text(int row, int column) const;
  int64_t integer(int row, int column) const;
  bool null(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }

 private:
  struct Clear {
    void operator()(PGresult* r) const { PQclear(r); }
  };
  std::unique_ptr<PGresult, Clear> result_;
};

// One row of a result, as row_decode.h reads rows.
struct PgRow {
  const PgResult& result;
  int row;
  std::string_view text(int column) const { return result.text(row, column); }
  int64_t integer(int column) const { return result.integer(row, column); }
  bool null(int column) const { return result.null(row, column); }
};

class PgConnection {
 public:
  // `setup` runs after every (re)connect, e.g. SET search_path.
  PgConnection(PgConnectParams params, std::string setup);
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;
  ~PgConnection();

  // Connects if there is no usable connection (first use, or dropped): kUnavailable when the
  // server cannot be reached or refuses.
  Status ensure_connected();
  // Runs `sql` (a string literal: prepared once per connection under its address) with
  // `params`. A statement that returns no rows gives an empty result.
  Result<PgResult> run(const char* sql, const PgParams& params = {});
  // Runs text that is not kept prepared (DDL, BEGIN, COMMIT; several statements allowed when
  // there are no parameters).
  Result<PgResult> exec(const std::string& sql);
  // exec() for statements whose rows, if any, are not wanted.
  Status command(const std::string& sql) {
    auto done = exec(sql);
    return done.ok() ? Status() : done.status();
  }
  // True after a call failed because the connection was lost: nothing of a transaction that
  // was open survived, and the next call reconnects.
  bool dropped() const { return conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK; }

 private:
  Status failure(std::string_view what, const PGresult* result) const;
  Result<PgResult> checked(PGresult* result, std::string_view what);

  PgConnectParams params_;
  std::string setup_;
  PGconn* conn_ = nullptr;
  std::map<const char*, std::string> prepared_;  // SQL literal -> statement name
};

}  // namespace sluice::schedule
