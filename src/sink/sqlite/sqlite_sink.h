// SqliteSink: the embedded sink. One WAL-mode database file holding `created_users` and
// `quarantine` as docs/architecture.md ("Tables") describes. SQLite has one writer, so the
// sink has one writer thread: each submitted group is one transaction committed with
// synchronous=FULL there, and its completion fires once that commit is on disk. One group is
// in flight at a time; the processor judges the next one meanwhile. key_owners() reads through a
// second connection (WAL readers never wait for the writer) and a Bloom filter of stored keys that
// submit() extends on the caller's thread. Thread-safety: as the Sink interface says.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "sink/sink.h"
#include "sink/sqlite/key_filter.h"
#include "sink/sqlite/quarantine_browser.h"
#include "sink/sqlite/sqlite_db.h"
#include "sink/sqlite/wal_checkpointer.h"

namespace sluice {

class SqliteSink : public Sink {
 public:
  SqliteSink(std::string path, const Schema& schema);
  ~SqliteSink() override;

  Status open() override;
  int max_in_flight() const override { return kMaxInFlight; }
  Status submit(SinkGroup group, SinkCompletion done) override;
  void drain() override;
  Result<std::unordered_map<std::string, LogPosition>> key_owners(
      const std::vector<std::string_view>& keys) override;
  Result<std::vector<StoredQuarantineRow>> recent_quarantine(int limit) override;
  // While a group's transaction fails with an I/O error (a full or failing disk), why; the
  // group is written again until it passes (see write_loop).
  std::string unreachable() const override;
  void fail_fast() override;
  // writes: transactions committed; retries and errors{"io"}: failed transactions.
  std::optional<SinkCounters> counters() const override;

  // Row counts (a table scan each), for tests and tools; the pipeline counts as it goes.
  Result<int64_t> count_stored();
  Result<int64_t> count_quarantined();

 private:
  struct Pending {
    SinkGroup group;
    SinkCompletion done;
  };
  // The writer thread: one transaction per group, completion after the commit.
  void write_loop();
  Status write_group(const SinkGroup& group);
  Status write_rows(const SinkGroup& group);
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

  // One group at a time: SQLite has one writer, and the processor judges the next group while
  // this one is written (its submit then waits). A second group in flight measured no faster
  // and held ~35 MiB more at the peak (docs/benchmarks.md).
  static constexpr int kMaxInFlight = 1;
  static constexpr int kCacheKib = 16 * 1024;  // SQLite page cache of the writer connection
  // Page cache of the reader connection (key_owners): only keys that pass the Bloom filter
  // are looked up, and its cache is dropped at every commit of the writer anyway.
  static constexpr int kReaderCacheKib = 2 * 1024;
  static constexpr int kPageBytes = 4 * 1024;  // page size of databases we create
  // The WAL is made to start over once it holds this much (and trimmed back to it after).
  static constexpr int kRestartWalAfterBytes = 64 * 1024 * 1024;
  // Waits before writing a group again after an I/O error: doubling from the first to the last.
  static constexpr std::chrono::milliseconds kFirstRetry{50};
  static constexpr std::chrono::milliseconds kLastRetry{2000};

  std::string path_;
  const Schema& schema_;
  std::unique_ptr<sqlite::Database> db_;      // the writer thread's connection
  std::unique_ptr<sqlite::Database> reader_;  // key_owners() and counts, on the caller's thread
  sqlite::Statement upsert_user_;
  sqlite::Statement upsert_quarantine_;
  sqlite::Statement unquarantine_;  // reconcile: a now-valid position leaves quarantine
  sqlite::Statement unstore_;       // reconcile: a now-invalid position leaves created_users
  // On reader_:
  sqlite::Statement owners_chunk_;  // SELECT ... WHERE key IN (?, ... kOwnersChunk times)
  sqlite::Statement owner_one_;
  sqlite::Statement count_users_;
  sqlite::Statement count_quarantine_;
  sqlite::Statement all_keys_;
  sqlite::Statement max_user_rowid_;                    // sizes the key filter at open
  sqlite::KeyFilter key_filter_;                        // every stored key (see key_filter.h)
  std::unique_ptr<sqlite::QuarantineBrowser> browser_;  // recent_quarantine(), any thread
  std::string ingested_;  // ingested_text()'s last answer, for ingested_ms_
  int64_t ingested_ms_ = 0;
  std::string reasons_;  // the reasons column being bound (writer thread)

  std::mutex queue_mu_;  // guards queue_, in_flight_, stopping_
  std::condition_variable queue_cv_;
  std::deque<Pending> queue_;
  int in_flight_ = 0;  // submitted, completion not yet run
  bool stopping_ = false;
  bool fail_fast_ = false;  // fail_fast(): no writing a failed group again
  std::thread writer_;

  mutable std::mutex trouble_mu_;  // guards trouble_ and counters_
  std::string trouble_;            // the failing group's error, "" when writes pass
  SinkCounters counters_;
  // Declared last: destroyed first, so its final checkpoint runs while our connection is open.
  std::unique_ptr<sqlite::WalCheckpointer> checkpointer_;
};

}  // namespace sluice
