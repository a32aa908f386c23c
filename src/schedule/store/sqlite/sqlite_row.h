// A stepped SQLite statement as row_decode.h reads rows.
#pragma once

#include <cstdint>
#include <string_view>

#include "sink/sqlite/sqlite_db.h"

namespace sluice::schedule {

struct SqliteRow {
  const sqlite::Statement& stmt;
  std::string_view text(int column) const { return stmt.column_text(column); }
  int64_t integer(int column) const { return stmt.column_int(column); }
  bool null(int column) const { return stmt.column_is_null(column); }
};

}  // namespace sluice::schedule
