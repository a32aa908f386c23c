// The Sink contract suite (sink_contract.h) for the local sinks: SQLite and memory.
#include "sink_contract.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "../test_dir.h"
#include "core/reason.h"
#include "sink/memory/memory_sink.h"
#include "sink/sink.h"
#include "sink/sqlite/sqlite_sink.h"

namespace sluice::contract {
namespace {

// ---- Factories: open a sink of the schema, read its tables back ----

class SqliteSinkFactory {
 public:
  static constexpr bool kDurable = true;

  explicit SqliteSinkFactory(const Schema& schema)
      : schema_(schema), dir_(testing::fresh_test_dir("sluice_sink_contract_sqlite")) {}
  ~SqliteSinkFactory() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Another sink on the same file each time (durable: it sees what the others stored).
  std::unique_ptr<Sink> make() { return std::make_unique<SqliteSink>(path(), schema_); }

  // Through a connection of its own, as any reader of the file would.
  Tables read_back() const {
    Tables t;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "cannot open " << path() << ": " << sqlite3_errmsg(db);
      sqlite3_close(db);
      return t;
    }
    const size_t fields = schema_.size();
    std::string columns;
    for (size_t i = 0; i < fields; ++i)
      columns += "\"" + schema_.field(i).name + "\", ";
    query(db, "SELECT " + columns + "_partition, _offset FROM created_users", [&](sqlite3_stmt* s) {
      StoredRow row;
      for (size_t i = 0; i < fields; ++i)
        row.values.push_back(text(s, static_cast<int>(i)));
      row.position = {static_cast<int32_t>(sqlite3_column_int64(s, static_cast<int>(fields))),
                      sqlite3_column_int64(s, static_cast<int>(fields) + 1)};
      t.users[*row.values[schema_.key_index()]] = std::move(row);
    });
    query(db, "SELECT _partition, _offset, raw, reasons FROM quarantine", [&](sqlite3_stmt* s) {
      t.quarantine[{static_cast<int32_t>(sqlite3_column_int64(s, 0)), sqlite3_column_int64(s, 1)}] =
          QuarantinedRow{*text(s, 2), *text(s, 3)};
    });
    sqlite3_close(db);
    return t;
  }

 private:
  std::string path() const { return (dir_ / "data" / "sluice.db").string(); }

  static std::optional<std::string> text(sqlite3_stmt* s, int column) {
    if (sqlite3_column_type(s, column) == SQLITE_NULL) return std::nullopt;
    return std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, column)));
  }

  template <typename OnRow>
  static void query(sqlite3* db, const std::string& sql, OnRow on_row) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
      return;
    }
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
      on_row(stmt);
    if (rc != SQLITE_DONE) ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
    sqlite3_finalize(stmt);
  }

  const Schema& schema_;
  std::filesystem::path dir_;
};

class MemorySinkFactory {
 public:
  static constexpr bool kDurable = false;

  explicit MemorySinkFactory(const Schema& schema) : schema_(schema) {}

  // A new, empty sink; read_back() reads the first one made (the fixture's).
  std::unique_ptr<Sink> make() {
    auto sink = std::make_unique<MemorySink>(schema_);
    if (sink_ == nullptr) sink_ = sink.get();
    return sink;
  }

  Tables read_back() const { return memory_tables(*sink_); }

 private:
  const Schema& schema_;
  MemorySink* sink_ = nullptr;
};

using LocalSinks = ::testing::Types<SqliteSinkFactory, MemorySinkFactory>;
// Named after the suites, so ctest lists them as before (SinkContract.<test><factory>).
INSTANTIATE_TYPED_TEST_SUITE_P(SinkContract, SinkContract, LocalSinks);
INSTANTIATE_TYPED_TEST_SUITE_P(DurableSinkContract, DurableSinkContract,
                               ::testing::Types<SqliteSinkFactory>);

}  // namespace
}  // namespace sluice::contract
