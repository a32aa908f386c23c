// Thin RAII wrappers over the sqlite3 C API: a connection and a prepared statement, reporting
// failures as Status with SQLite's own message. Not thread-safe: one thread per connection.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace sluice::sqlite {

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binds are 1-based, as in SQLite. Text is not copied (SQLITE_STATIC): the caller keeps it
  // alive until the statement has run.
  void bind_text(int index, std::string_view value);
  void bind_int(int index, int64_t value);
  void bind_double(int index, double value);
  void bind_null(int index);
  // Steps once: true when a row is available, false when done.
  Result<bool> step();
  // Runs to completion and resets. Bindings are kept, not cleared: callers bind every
  // parameter before each run, so clearing them would only cost time.
  Status run();
  void reset();

  int64_t column_int(int index) const { return sqlite3_column_int64(stmt_, index); }
  std::string_view column_text(int index) const;
  bool column_is_null(int index) const { return sqlite3_column_type(stmt_, index) == SQLITE_NULL; }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

class Database {
 public:
  // Opens (creating) the file; the parent directory must exist.
  static Result<std::unique_ptr<Database>> open(const std::string& path);
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  Status exec(const std::string& sql);
  // PRAGMA journal_mode=WAL, retried for up to ~5 s while the file is busy. Switching a new
  // file to WAL needs an exclusive lock, and SQLite answers "database is locked" at once,
  // without calling the busy handler, when another connection is opening the same file at
  // that moment (seen with several schedulers starting together).
  Status use_wal();
  Result<Statement> prepare(const std::string& sql);
  const std::string& path() const { return path_; }
  Status error(std::string_view what) const;
  // Copies committed WAL frames into the database file. PASSIVE never waits for (or blocks)
  // the writer or readers. RESTART waits (the busy handler, up to ~5 s) for the writer's
  // transaction to end, copies the rest and makes the next writer start the WAL from its
  // beginning. SQLITE_BUSY (another checkpoint, or no turn in time) is not an error. `wal_frames`,
  // when given, receives how many frames the WAL holds.
  enum class Checkpoint { kPassive, kRestart };
  Status checkpoint(Checkpoint mode, int* wal_frames = nullptr);

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
};

}  // namespace sluice::sqlite
