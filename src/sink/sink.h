// Sink: where processed records land (docs/architecture.md). Implementations: sqlite/ now;
// cassandra/ and postgres/ later. Chosen by make_sink() from config. One thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/config.h"
#include "core/log_position.h"
#include "core/record.h"
#include "core/status.h"

namespace sluice {

struct QuarantineRow {
  LogPosition position;
  std::string key;           // the mapped key field's text, "" when it had none
  std::string raw;           // the source record's JSON as received
  std::string reasons_json;  // [{"rule": "...", "message": "..."}, ...]
  int64_t ingested_at_ms = 0;
};

struct WriteOptions {
  // Also undo earlier verdicts for the same log positions: a record now valid leaves quarantine,
  // a record now invalid leaves created_users. Needed when replaying under changed rules; a
  // crash replay gives the same verdicts and can skip it.
  bool reconcile = false;
};

class Sink {
 public:
  virtual ~Sink() = default;
  // Creates the tables if missing.
  virtual Status open() = 0;
  // Upserts the valid records by key (their meta holds partition/offset/ingest time) and writes
  // the quarantine rows keyed by position, as one durable unit: on return both are stored.
  virtual Status write_batch(const std::vector<const Record*>& valid,
                             const std::vector<QuarantineRow>& invalid,
                             const WriteOptions& options) = 0;
  // For username_unique: the log position of the stored row holding each key, for those keys
  // that are stored. One round trip for many keys.
  virtual Result<std::unordered_map<std::string, LogPosition>> key_owners(
      const std::vector<std::string_view>& keys) = 0;
  // Row counts, for progress reports and tests.
  virtual Result<int64_t> count_stored() = 0;
  virtual Result<int64_t> count_quarantined() = 0;
};

Result<std::unique_ptr<Sink>> make_sink(const SinkConfig& config, const Schema& schema);

}  // namespace sluice
