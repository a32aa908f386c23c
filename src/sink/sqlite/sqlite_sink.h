// SqliteSink: the embedded sink. One WAL-mode database file holding `created_users` and
// `quarantine` exactly as docs/architecture.md describes; each write_batch() is one transaction
// committed with synchronous=FULL, so "returned ok" means "on disk". One thread at a time.
#pragma once

#include <memory>
#include <string>

#include "sink/sink.h"
#include "sink/sqlite/key_filter.h"
#include "sink/sqlite/sqlite_db.h"
#include "sink/sqlite/wal_checkpointer.h"

namespace sluice {

class SqliteSink : public Sink {
 public:
  SqliteSink(std::string path, const Schema& schema);
  ~SqliteSink() override;

  Status open() override;
  Status write_batch(const std::vector<const Record*>& valid,
                     const std::vector<QuarantineRow>& invalid,
                     const WriteOptions& options) override;
  Result<std::unordered_map<std::string, LogPosition>> key_owners(
      const std::vector<std::string_view>& keys) override;
  Result<int64_t> count_stored() override;
  Result<int64_t> count_quarantined() override;

 private:
  Status write_rows(const std::vector<const Record*>& valid,
                    const std::vector<QuarantineRow>& invalid, const WriteOptions& options);
  Status bind_record(const Record& record);
  // `_ingested_at` text of a time; valid until the next call (bound, then run, in between).
  const std::string& ingested_text(int64_t unix_ms);
  // The first column of the statement's one row as an integer (0 for NULL or no row).
  Result<int64_t> query_int(sqlite::Statement* statement);
  // The index search behind key_owners(), for keys that passed the filter.
  Result<std::unordered_map<std::string, LogPosition>> lookup_owners(
      const std::vector<std::string_view>& keys);
  // Builds key_filter_ from every stored key (at open), sized for twice as many.
  Status load_key_filter();

  static constexpr int kCacheKib = 16 * 1024;  // SQLite page cache of the writer connection
  static constexpr int kPageBytes = 4 * 1024;  // page size of databases we create
  // The WAL is made to start over once it holds this much (and trimmed back to it after).
  static constexpr int kRestartWalAfterBytes = 64 * 1024 * 1024;

  std::string path_;
  const Schema& schema_;
  std::unique_ptr<sqlite::Database> db_;
  sqlite::Statement upsert_user_;
  sqlite::Statement upsert_quarantine_;
  sqlite::Statement unquarantine_;  // reconcile: a now-valid position leaves quarantine
  sqlite::Statement unstore_;       // reconcile: a now-invalid position leaves created_users
  sqlite::Statement owners_chunk_;  // SELECT ... WHERE key IN (?, ... kOwnersChunk times)
  sqlite::Statement owner_one_;
  sqlite::Statement count_users_;
  sqlite::Statement count_quarantine_;
  sqlite::Statement all_keys_;
  sqlite::Statement max_user_rowid_;  // sizes the key filter at open
  sqlite::KeyFilter key_filter_;      // every stored key (see key_filter.h)
  std::string ingested_;              // ingested_text()'s last answer, for ingested_ms_
  int64_t ingested_ms_ = 0;
  // Declared last: destroyed first, so its final checkpoint runs while our connection is open.
  std::unique_ptr<sqlite::WalCheckpointer> checkpointer_;
};

}  // namespace sluice
