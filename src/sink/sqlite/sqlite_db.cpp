#include "sink/sqlite/sqlite_db.h"

#include <fmt/format.h>

#include <chrono>
#include <cstring>
#include <thread>
#include <utility>

namespace sluice::sqlite {
namespace {

// SQLITE_FULL / SQLITE_IOERR / SQLITE_CANTOPEN are the OS refusing; the rest are our bugs or
// a damaged file. The distinction decides whether an operator looks at the disk or at us.
StatusCode code_for(int rc) {
  switch (rc & 0xff) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return StatusCode::kIoError;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return StatusCode::kCorruption;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return StatusCode::kUnavailable;
    default:
      return StatusCode::kInternal;
  }
}

// SQLite's own text for I/O failures is generic ("disk I/O error"); the OS's errno says which
// (ENOSPC, EFBIG, EACCES...), which is what an operator needs.
std::string describe(sqlite3* db) {
  std::string text = sqlite3_errmsg(db);
  if (int os_errno = sqlite3_system_errno(db); os_errno != 0) {
    text += fmt::format(" ({})", std::strerror(os_errno));
  }
  return text;
}

}  // namespace

Statement::Statement(Statement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    if (stmt_ != nullptr) sqlite3_finalize(stmt_);
    db_ = std::exchange(other.db_, nullptr);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

Statement::~Statement() {
  if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

void Statement::bind_text(int index, std::string_view value) {
  // SQLITE_STATIC: the caller keeps the bytes alive until the statement is stepped and reset.
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
}

void Statement::bind_int(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
}
void Statement::bind_double(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
}
void Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
}

Result<bool> Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Status(code_for(sqlite3_extended_errcode(db_)),
                fmt::format("sqlite: {} (in: {})", describe(db_), sqlite3_sql(stmt_)));
}

Status Statement::run() {
  auto stepped = step();
  reset();
  return stepped.ok() ? Status() : stepped.status();
}

void Statement::reset() {
  sqlite3_reset(stmt_);
}

std::string_view Statement::column_text(int index) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
  if (text == nullptr) return {};
  return {text, static_cast<size_t>(sqlite3_column_bytes(stmt_, index))};
}

namespace {

// Busy handler: SQLite calls it while another connection (the checkpointer, a reader of the
// CLI) holds a lock we need; non-zero means "try again". sqlite3_busy_timeout's own handler
// sleeps up to 100 ms between tries, so the writer overslept the lock's release: a checkpoint
// holding the lock for 20 ms cost the pipeline 100-170 ms. Polling every 0.2 ms (1 ms after the
// first 10 ms) frees it within a millisecond of the release; gives up after about 5 s, as before.
int retry_while_busy(void* /*unused*/, int tries_so_far) {
  constexpr int kFastTries = 50;
  constexpr int kGiveUpTries = kFastTries + 5000;
  if (tries_so_far >= kGiveUpTries) return 0;
  std::this_thread::sleep_for(tries_so_far < kFastTries ? std::chrono::microseconds(200)
                                                        : std::chrono::microseconds(1000));
  return 1;
}

}  // namespace

Result<std::unique_ptr<Database>> Database::open(const std::string& path) {
  sqlite3* db = nullptr;
  // NOMUTEX: each connection is used by one thread at a time (see the header), so SQLite's
  // per-call connection mutex is pure overhead on the sink's hot path.
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status(code_for(rc), fmt::format("cannot open SQLite database {}: {}", path, message));
  }
  sqlite3_busy_handler(db, retry_while_busy, nullptr);
  return std::unique_ptr<Database>(new Database(db, path));
}

Database::~Database() {
  sqlite3_close(db_);
}

Status Database::use_wal() {
  constexpr auto kGiveUpAfter = std::chrono::seconds(5);
  const auto deadline = std::chrono::steady_clock::now() + kGiveUpAfter;
  while (true) {
    Status s = exec("PRAGMA journal_mode=WAL");
    if (s.code() != StatusCode::kUnavailable || std::chrono::steady_clock::now() >= deadline)
      return s;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

Status Database::exec(const std::string& sql) {
  char* message = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return {};
  std::string text = describe(db_);
  sqlite3_free(message);
  return Status(code_for(sqlite3_extended_errcode(db_)),
                fmt::format("sqlite {}: {} (in: {})", path_, text, sql.substr(0, 80)));
}

Result<Statement> Database::prepare(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return error("prepare " + sql.substr(0, 80));
  return Statement(db_, stmt);
}

Status Database::checkpoint(Checkpoint mode, int* wal_frames) {
  int frames = 0;
  int rc = sqlite3_wal_checkpoint_v2(
      db_, nullptr,
      mode == Checkpoint::kPassive ? SQLITE_CHECKPOINT_PASSIVE : SQLITE_CHECKPOINT_RESTART, &frames,
      nullptr);
  if (wal_frames != nullptr) *wal_frames = frames;
  if (rc == SQLITE_OK || rc == SQLITE_BUSY) return {};
  return error("checkpoint");
}

Status Database::error(std::string_view what) const {
  return Status(code_for(sqlite3_extended_errcode(db_)),
                fmt::format("sqlite {}: {}: {}", path_, what, describe(db_)));
}

}  // namespace sluice::sqlite
