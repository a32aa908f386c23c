#include "sink/sqlite/sqlite_sink.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <utility>

#include "core/clock.h"
#include "core/fault.h"
#include "core/log_context.h"
#include "sink/sqlite/sqlite_schema.h"

namespace sluice {
namespace {

// Faults that go away by themselves: an I/O error (a full or failing disk) and a database
// locked by another connection (SQLITE_BUSY/SQLITE_LOCKED, kUnavailable).
bool passes_with_time(const Status& s) {
  return s.code() == StatusCode::kIoError || s.code() == StatusCode::kUnavailable;
}

}  // namespace

using sqlite::Database;
using sqlite::Statement;

SqliteSink::SqliteSink(std::string path, const Schema& schema)
    : path_(std::move(path)), schema_(schema) {}

SqliteSink::~SqliteSink() {
  {
    std::lock_guard lock(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (writer_.joinable()) writer_.join();  // finishes what was queued first
}

Status SqliteSink::open() {
  std::error_code ec;
  auto parent = std::filesystem::path(path_).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec) {
    return Status::io_error(
        fmt::format("cannot create directory {} for {}: {}", parent.string(), path_, ec.message()));
  }
  SLUICE_ASSIGN_OR_RETURN(db_, Database::open(path_));
  // Before the first table exists (an existing file keeps its page size). Each commit rewrites
  // every key index page it touched, and keys are random: smaller pages mean fewer bytes per
  // touched key. 16 KiB pages were as fast on a small table but cost 1.5-1.7x more per commit
  // on a 400k-row one (bench/micro/sqlite_sink_bench, docs/benchmarks.md).
  SLUICE_RETURN_IF_ERROR(db_->exec(fmt::format("PRAGMA page_size={}", kPageBytes)));
  // WAL lets readers (sqlite3 CLI, the dashboard) query while we write; FULL makes each commit
  // reach the disk before the group's completion fires, which the processor's offset commit
  // relies on.
  SLUICE_RETURN_IF_ERROR(db_->use_wal());
  SLUICE_RETURN_IF_ERROR(db_->exec("PRAGMA synchronous=FULL"));
  // The key index is hit at random by every upsert and owner lookup; SQLite's default 2 MiB
  // cache made those reads go to the kernel and spilled big transactions mid-way.
  SLUICE_RETURN_IF_ERROR(db_->exec(fmt::format("PRAGMA cache_size=-{}", kCacheKib)));
  // Checkpoints run on the WalCheckpointer's thread, not inside our commits.
  SLUICE_RETURN_IF_ERROR(db_->exec("PRAGMA wal_autocheckpoint=0"));
  // After a checkpoint lets the WAL restart, trim the file instead of keeping its peak size.
  SLUICE_RETURN_IF_ERROR(
      db_->exec(fmt::format("PRAGMA journal_size_limit={}", kRestartWalAfterBytes)));
  SLUICE_RETURN_IF_ERROR(db_->exec(sqlite::create_users_sql(schema_)));
  SLUICE_RETURN_IF_ERROR(db_->exec(sqlite::create_quarantine_sql()));
  SLUICE_ASSIGN_OR_RETURN(
      checkpointer_, sqlite::WalCheckpointer::start(path_, kRestartWalAfterBytes / kPageBytes));

  const std::string key = schema_.key_name();
  SLUICE_ASSIGN_OR_RETURN(upsert_user_, db_->prepare(sqlite::upsert_user_sql(schema_)));
  SLUICE_ASSIGN_OR_RETURN(upsert_quarantine_, db_->prepare(sqlite::upsert_quarantine_sql()));
  SLUICE_ASSIGN_OR_RETURN(
      unquarantine_, db_->prepare(fmt::format("DELETE FROM {} WHERE _partition = ? AND _offset = ?",
                                              sqlite::kQuarantineTable)));
  SLUICE_ASSIGN_OR_RETURN(
      unstore_,
      db_->prepare(fmt::format("DELETE FROM {} WHERE \"{}\" = ? AND _partition = ? AND _offset = ?",
                               sqlite::kUsersTable, key)));
  SLUICE_ASSIGN_OR_RETURN(reader_, Database::open(path_));
  SLUICE_RETURN_IF_ERROR(reader_->exec(fmt::format("PRAGMA cache_size=-{}", kReaderCacheKib)));
  SLUICE_ASSIGN_OR_RETURN(owners_chunk_,
                          reader_->prepare(sqlite::owners_sql(schema_, sqlite::kOwnersChunk)));
  SLUICE_ASSIGN_OR_RETURN(owner_one_, reader_->prepare(sqlite::owners_sql(schema_, 1)));
  SLUICE_ASSIGN_OR_RETURN(
      count_users_, reader_->prepare(fmt::format("SELECT count(*) FROM {}", sqlite::kUsersTable)));
  SLUICE_ASSIGN_OR_RETURN(
      count_quarantine_,
      reader_->prepare(fmt::format("SELECT count(*) FROM {}", sqlite::kQuarantineTable)));
  SLUICE_ASSIGN_OR_RETURN(
      all_keys_, reader_->prepare(fmt::format("SELECT \"{}\" FROM {}", key, sqlite::kUsersTable)));
  SLUICE_ASSIGN_OR_RETURN(max_user_rowid_, reader_->prepare(fmt::format("SELECT max(rowid) FROM {}",
                                                                        sqlite::kUsersTable)));
  SLUICE_ASSIGN_OR_RETURN(browser_, sqlite::QuarantineBrowser::open(path_));
  SLUICE_RETURN_IF_ERROR(load_key_filter());
  writer_ = std::thread([this, context = current_log_context()] {
    const ScopedLogContext inherited(context);
    write_loop();
  });
  return {};
}

Status SqliteSink::load_key_filter() {
  // max(rowid) bounds the row count from above in O(log n); count(*) would scan the whole key
  // index once more before the scan below reads it anyway.
  SLUICE_ASSIGN_OR_RETURN(int64_t stored, query_int(&max_user_rowid_));
  sqlite::KeyFilter filter(static_cast<size_t>(stored) * 2);
  while (true) {
    auto row = all_keys_.step();
    if (!row.ok()) {
      all_keys_.reset();
      return row.status().with_context(fmt::format("loading the stored keys of {}", path_));
    }
    if (!*row) break;
    filter.add(all_keys_.column_text(0));
  }
  all_keys_.reset();
  key_filter_ = std::move(filter);
  return {};
}

const std::string& SqliteSink::ingested_text(int64_t unix_ms) {
  // The records of one page share their ingest time: format it once, not once per row.
  if (unix_ms != ingested_ms_ || ingested_.empty()) {
    ingested_ = format_iso8601_ms(unix_ms);
    ingested_ms_ = unix_ms;
  }
  return ingested_;
}

Status SqliteSink::bind_record(const Record& record) {
  for (size_t i = 0; i < schema_.size(); ++i) {
    int param = static_cast<int>(i) + 1;
    if (record.is_null(i)) {
      upsert_user_.bind_null(param);
    } else if (record.has_text(i)) {
      upsert_user_.bind_text(param, record.text(i));
    } else if (record.is_int(i) || record.is_bool(i)) {
      upsert_user_.bind_int(param, record.int_value(i));
    } else if (record.is_float(i)) {
      upsert_user_.bind_double(param, record.float_value(i));
    }
  }
  return {};
}

Status SqliteSink::write_rows(const SinkGroup& group) {
  const int meta_param = static_cast<int>(schema_.size()) + 1;
  for (const Record* record : group.valid) {
    const std::string& ingested = ingested_text(record->meta.ingest_time_ms);
    SLUICE_RETURN_IF_ERROR(bind_record(*record));
    upsert_user_.bind_int(meta_param, record->meta.partition);
    upsert_user_.bind_int(meta_param + 1, record->meta.offset);
    upsert_user_.bind_text(meta_param + 2, ingested);
    SLUICE_RETURN_IF_ERROR(upsert_user_.run());
    if (group.reconcile) {
      unquarantine_.bind_int(1, record->meta.partition);
      unquarantine_.bind_int(2, record->meta.offset);
      SLUICE_RETURN_IF_ERROR(unquarantine_.run());
    }
  }
  for (const QuarantineRow& row : group.quarantine) {
    const std::string& ingested = ingested_text(row.ingested_at_ms);
    reasons_ = reasons_to_json(row.reasons);
    upsert_quarantine_.bind_int(1, row.position.partition);
    upsert_quarantine_.bind_int(2, row.position.offset);
    upsert_quarantine_.bind_text(3, row.raw);
    upsert_quarantine_.bind_text(4, reasons_);
    upsert_quarantine_.bind_text(5, ingested);
    SLUICE_RETURN_IF_ERROR(upsert_quarantine_.run());
    if (group.reconcile && !row.key.empty()) {
      unstore_.bind_text(1, row.key);
      unstore_.bind_int(2, row.position.partition);
      unstore_.bind_int(3, row.position.offset);
      SLUICE_RETURN_IF_ERROR(unstore_.run());
    }
  }
  return {};
}

Status SqliteSink::submit(SinkGroup group, SinkCompletion done) {
  if (!writer_.joinable()) return Status::internal("SqliteSink::submit before open()");
  // Added before the commit, on the caller's thread (key_owners() reads the filter there): if
  // the transaction fails the filter only over-reports, which costs a lookup, never a verdict.
  for (const Record* record : group.valid)
    key_filter_.add(record->key());
  std::unique_lock lock(queue_mu_);
  queue_cv_.wait(lock, [&] { return in_flight_ < kMaxInFlight; });
  ++in_flight_;
  queue_.push_back(Pending{std::move(group), std::move(done)});
  queue_cv_.notify_all();
  return {};
}

void SqliteSink::drain() {
  std::unique_lock lock(queue_mu_);
  queue_cv_.wait(lock, [&] { return in_flight_ == 0; });
}

void SqliteSink::write_loop() {
  while (true) {
    Pending pending;
    {
      std::unique_lock lock(queue_mu_);
      queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is written
      pending = std::move(queue_.front());
      queue_.pop_front();
    }
    Status written = write_group(pending.group);
    // A disk that is full or failing for now, or a database another connection keeps locked
    // past the busy handler's 5 s (a long transaction of a reader or a backup): each try is one
    // whole transaction, rolled back when it fails, so the group is written again after a
    // pause until it passes and the pipeline goes on by itself once the fault is gone.
    // Stopping meanwhile, or fail_fast(), gives up: the group is never acknowledged, and the
    // next run replays it from the log.
    for (auto pause = kFirstRetry; passes_with_time(written);
         pause = std::min(pause * 2, kLastRetry)) {
      {
        std::lock_guard lock(trouble_mu_);
        if (trouble_.empty())
          spdlog::warn("sink: {}; writing it again until it passes", written.to_string());
        trouble_ = written.to_string();
        ++counters_.errors[written.code() == StatusCode::kIoError ? "io" : "locked"];
      }
      {
        std::unique_lock lock(queue_mu_);
        if (queue_cv_.wait_for(lock, pause, [&] { return stopping_ || fail_fast_; })) break;
      }
      {
        std::lock_guard lock(trouble_mu_);
        ++counters_.retries;
      }
      written = write_group(pending.group);
    }
    {
      std::lock_guard lock(trouble_mu_);
      if (written.ok()) {
        if (!trouble_.empty()) spdlog::info("sink: {} writes again", path_);
        trouble_.clear();
        ++counters_.writes;
      }
    }
    pending.done(written);
    {
      std::lock_guard lock(queue_mu_);
      --in_flight_;
    }
    queue_cv_.notify_all();
  }
}

Status SqliteSink::write_group(const SinkGroup& group) {
  SLUICE_RETURN_IF_ERROR(db_->exec("BEGIN IMMEDIATE"));
  Status written = write_rows(group);
  if (written.ok()) written = fault_status("sink.write");
  if (!written.ok()) {
    (void)db_->exec("ROLLBACK");
    return written.with_context(fmt::format("writing a batch to {}", path_));
  }
  Status committed = db_->exec("COMMIT");
  if (!committed.ok()) {
    (void)db_->exec("ROLLBACK");
    return committed.with_context(fmt::format("committing a batch to {}", path_));
  }
  checkpointer_->poke();
  return {};
}

void SqliteSink::fail_fast() {
  {
    std::lock_guard lock(queue_mu_);
    fail_fast_ = true;
  }
  queue_cv_.notify_all();
}

std::string SqliteSink::unreachable() const {
  std::lock_guard lock(trouble_mu_);
  return trouble_;
}

std::optional<SinkCounters> SqliteSink::counters() const {
  std::lock_guard lock(trouble_mu_);
  SinkCounters out = counters_;
  out.errors.try_emplace("io", 0);
  out.errors.try_emplace("locked", 0);
  return out;
}

Result<std::unordered_map<std::string, LogPosition>> SqliteSink::key_owners(
    const std::vector<std::string_view>& keys) {
  if (!reader_) return Status::internal("SqliteSink::key_owners before open()");
  // Only keys that may be stored are looked up; most keys of a stream are new.
  std::vector<std::string_view> maybe;
  maybe.reserve(keys.size());
  for (std::string_view key : keys) {
    if (key_filter_.may_contain(key)) maybe.push_back(key);
  }
  return lookup_owners(maybe);
}

Result<std::unordered_map<std::string, LogPosition>> SqliteSink::lookup_owners(
    const std::vector<std::string_view>& keys) {
  std::unordered_map<std::string, LogPosition> owners;
  size_t i = 0;
  while (i < keys.size()) {
    size_t remaining = keys.size() - i;
    Statement* stmt = remaining >= sqlite::kOwnersChunk ? &owners_chunk_ : &owner_one_;
    size_t take = remaining >= sqlite::kOwnersChunk ? sqlite::kOwnersChunk : 1;
    for (size_t k = 0; k < take; ++k)
      stmt->bind_text(static_cast<int>(k) + 1, keys[i + k]);
    while (true) {
      auto row = stmt->step();
      if (!row.ok()) {
        stmt->reset();
        return row.status();
      }
      if (!*row) break;
      owners.emplace(std::string(stmt->column_text(0)),
                     LogPosition{static_cast<int32_t>(stmt->column_int(1)), stmt->column_int(2)});
    }
    stmt->reset();
    i += take;
  }
  return owners;
}

Result<int64_t> SqliteSink::query_int(Statement* statement) {
  auto row = statement->step();
  if (!row.ok()) {
    statement->reset();
    return row.status();
  }
  int64_t n = *row ? statement->column_int(0) : 0;
  statement->reset();
  return n;
}

Result<std::vector<StoredQuarantineRow>> SqliteSink::recent_quarantine(int limit) {
  if (!browser_) return Status::internal("SqliteSink::recent_quarantine before open()");
  return browser_->recent(limit);
}

Result<int64_t> SqliteSink::count_stored() {
  return query_int(&count_users_);
}
Result<int64_t> SqliteSink::count_quarantined() {
  return query_int(&count_quarantine_);
}

}  // namespace sluice
