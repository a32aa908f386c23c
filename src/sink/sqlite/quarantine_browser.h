// QuarantineBrowser: reads the newest rows of the SQLite quarantine table for the dashboard
// (Sink::recent_quarantine). A connection of its own behind a mutex, since the HTTP server's
// threads call it while the sink's writer and reader connections belong to other threads; WAL
// lets it read without waiting for the writer.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sink/sink.h"
#include "sink/sqlite/sqlite_db.h"

namespace sluice::sqlite {

class QuarantineBrowser {
 public:
  // Opens its connection to the database file (the tables must exist).
  static Result<std::unique_ptr<QuarantineBrowser>> open(const std::string& path);

  // The last `limit` rows written (1..kMaxRows; by rowid, which an upsert of a replayed
  // position keeps, so an index walk and not a scan), newest ingest time first (one
  // transaction holds several partitions' batches, so write order is not quite ingest order).
  // Thread-safe.
  Result<std::vector<StoredQuarantineRow>> recent(int limit);

  static constexpr int kMaxRows = 1000;

 private:
  std::mutex mu_;  // guards db_ and newest_
  std::unique_ptr<Database> db_;
  Statement newest_;
};

}  // namespace sluice::sqlite
