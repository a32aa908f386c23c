// Sink: where processed records land (design.md section 6). Implementations: sqlite/ now;
// cassandra/ and postgres/ later. Chosen by make_sink() from config. One thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/record.h"
#include "core/status.h"

namespace sluice {

struct LogPosition {
  int32_t partition = -1;
  int64_t offset = -1;
  bool operator==(const LogPosition&) const = default;
};

struct QuarantineRow {
  LogPosition position;
  std::string raw;           // the source record's JSON as received
  std::string reasons_json;  // [{"rule": "...", "message": "..."}, ...]
  int64_t ingested_at_ms = 0;
};

class Sink {
 public:
  virtual ~Sink() = default;
  // Creates the tables if missing.
  virtual Status open() = 0;
  // Upserts the valid records by key (their meta holds partition/offset/ingest time) and writes
  // the quarantine rows keyed by position, as one durable unit: on return both are stored.
  virtual Status write_batch(const std::vector<const Record*>& valid,
                             const std::vector<QuarantineRow>& invalid) = 0;
  // The log position of the stored row that holds `key`, if any (for username_unique).
  virtual Result<std::optional<LogPosition>> key_owner(std::string_view key) = 0;
};

Result<std::unique_ptr<Sink>> make_sink(const SinkConfig& config, const Schema& schema);

}  // namespace sluice
