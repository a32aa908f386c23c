// Source: where ingest gets raw records (docs/architecture.md, "Flow" and "Delivery contract").
// Implementations: http/ (randomuser.me-shaped APIs, libcurl) and file/ (NDJSON file or stdin).
// Chosen by make_source() from config. A Source is used by one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/status.h"

namespace sluice {

struct SourceBatch {
  // Each record's JSON exactly as the source sent it (one element of `results[]`, one line).
  std::vector<std::string> records;
  // After set_key_path(), sources that parse each record anyway hand out its key here:
  // keys[i] belongs to records[i]. Empty when the source did not read keys.
  std::vector<std::string> keys;
  // The cursor to store atomically with this batch: where the next run resumes.
  // HTTP with a fixed seed: "page=N" (the next page); file: "offset=N" (the next byte).
  std::string cursor_after;
  std::string source_id;  // e.g. "http:page=3", "file:users.ndjson:line=120"
  // Lines/records the source itself had to reject (e.g. a file line that is not JSON), with why.
  // They are not published; ingest counts them as rejected early and logs each reason.
  std::vector<std::string> rejected;
};

struct SourceStats {
  int64_t requests = 0;
  int64_t retries = 0;  // attempts beyond the first, over all requests
  int64_t records = 0;
  int64_t bytes = 0;
};

class Source {
 public:
  // Told of each response the source receives (for metrics), on the thread calling next():
  // `status` is the HTTP status code as text ("200", "503"), "error" when no response came
  // (connection refused, timeout, reset), or "" for a source without requests (a file), which
  // reports only the bytes it read. `bytes` is the body received.
  using FetchObserver = std::function<void(std::string_view status, int64_t bytes)>;

  virtual ~Source() = default;
  // Positions the source at a cursor stored with a published batch; "" means the beginning.
  virtual Status seek(std::string_view cursor) = 0;
  // Fetches the next batch. A batch with no records means the source is exhausted for this run
  // (an empty page): the caller stops without storing a cursor, so the next run asks again.
  // A request that still fails after its retries returns the error; nothing was handed out.
  virtual Result<SourceBatch> next() = 0;
  // How many batches one run should take at most (HTTP: pages_per_run; file: unlimited = -1).
  virtual int max_batches_per_run() const = 0;
  virtual SourceStats stats() const = 0;
  // Asks for each record's key (the string at this path of object keys, "" when missing or not
  // a string, as Mapper::key_of finds it) in SourceBatch::keys. Sources that would need an
  // extra parse for it ignore this, and the ingestor finds the keys itself.
  virtual void set_key_path(const std::vector<std::string>& /*path*/) {}
  // Empty: no one is told.
  void set_fetch_observer(FetchObserver observer) { fetch_observer_ = std::move(observer); }

 protected:
  void report_fetch(std::string_view status, int64_t bytes) const {
    if (fetch_observer_) fetch_observer_(status, bytes);
  }

 private:
  FetchObserver fetch_observer_;
};

Result<std::unique_ptr<Source>> make_source(const SourceConfig& config);

}  // namespace sluice
