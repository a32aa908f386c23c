#include "schedule/store/postgres/pg_connection.h"

#include <fmt/format.h>

#include <charconv>

namespace sluice::schedule {
namespace {

// Connection lost (class 08), the server shutting down (57P01..57P03), out of resources (53),
// or a transaction that lost a race it can retry (40001 serialization, 40P01 deadlock):
// worth trying again. Anything else is a fault of the statement or the data.
StatusCode code_for(std::string_view sqlstate) {
  if (sqlstate.size() != 5) return StatusCode::kUnavailable;  // no answer at all
  const std::string_view cls = sqlstate.substr(0, 2);
  if (cls == "08" || cls == "53" || cls == "57" || sqlstate == "40001" || sqlstate == "40P01") {
    return StatusCode::kUnavailable;
  }
  return StatusCode::kInternal;
}

std::string trimmed(const char* text) {
  std::string s = text == nullptr ? "" : text;
  while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
    s.pop_back();
  return s;
}

}  // namespace

std::string_view PgResult::text(int row, int column) const {
  return {PQgetvalue(result_.get(), row, column),
          static_cast<size_t>(PQgetlength(result_.get(), row, column))};
}

int64_t PgResult::integer(int row, int column) const {
  const std::string_view t = text(row, column);
  int64_t value = 0;
  std::from_chars(t.data(), t.data() + t.size(), value);
  return value;
}

PgConnection::PgConnection(PgConnectParams params, std::string setup)
    : params_(std::move(params)), setup_(std::move(setup)) {}

PgConnection::~PgConnection() {
  if (conn_ != nullptr) PQfinish(conn_);
}

Status PgConnection::ensure_connected() {
  if (conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK) return {};
  if (conn_ != nullptr) PQfinish(conn_);
  prepared_.clear();  // prepared statements live and die with their connection
  std::vector<const char*> keys;
  std::vector<const char*> values;
  for (const auto& [k, v] : params_) {
    keys.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  conn_ = PQconnectdbParams(keys.data(), values.data(), /*expand_dbname=*/1);
  if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
    // libpq's text names host, port and user at most, never the password.
    return Status::unavailable(fmt::format(
        "connecting to PostgreSQL: {}",
        conn_ == nullptr ? std::string("out of memory") : trimmed(PQerrorMessage(conn_))));
  }
  if (!setup_.empty()) {
    auto done = exec(setup_);
    if (!done.ok()) return done.status().with_context("setting up the connection");
  }
  return {};
}

Status PgConnection::failure(std::string_view what, const PGresult* result) const {
  const char* state = result == nullptr ? nullptr : PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const char* primary =
      result == nullptr ? nullptr : PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  std::string message = primary != nullptr ? primary : trimmed(PQerrorMessage(conn_));
  if (message.empty()) message = "no answer from the server";
  const std::string_view sqlstate = state == nullptr ? "" : state;
  StatusCode code = code_for(sqlstate);
  if (dropped()) code = StatusCode::kUnavailable;
  return {code, fmt::format("PostgreSQL: {}{} (in: {})", message,
                            sqlstate.empty() ? "" : fmt::format(" [SQLSTATE {}]", sqlstate),
                            what.substr(0, 80))};
}

Result<PgResult> PgConnection::checked(PGresult* result, std::string_view what) {
  const ExecStatusType status = result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return PgResult(result);
  Status s = failure(what, result);
  PQclear(result);
  return s;
}

Result<PgResult> PgConnection::exec(const std::string& sql) {
  SLUICE_RETURN_IF_ERROR(ensure_connected());
  return checked(PQexec(conn_, sql.c_str()), sql);
}

Result<PgResult> PgConnection::run(const char* sql, const PgParams& params) {
  SLUICE_RETURN_IF_ERROR(ensure_connected());
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = fmt::format("sluice_{}", prepared_.size());
    // Parameter types are left to the server: it infers them from the statement.
    SLUICE_ASSIGN_OR_RETURN(PgResult ready,
                            checked(PQprepare(conn_, name.c_str(), sql, 0, nullptr), sql));
    (void)ready;
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  std::vector<const char*> values;
  for (const auto& v : params.values())
    values.push_back(v ? v->c_str() : nullptr);
  return checked(PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(values.size()),
                                values.data(), nullptr, nullptr, /*resultFormat=*/0),
                 sql);
}

}  // namespace sluice::schedule
