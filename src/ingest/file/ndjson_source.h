// NdjsonSource: one JSON record per line from a file, or from stdin with path "-". The cursor
// is "offset=N", the byte where the next unread line starts, so a file can be ingested in
// several runs and a crash neither skips nor repeats a line. Blank lines are skipped; a line
// that is not a JSON object is rejected early with file:line and why, never published.
// stdin cannot seek: its cursor is ignored. Not thread-safe.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "ingest/source.h"

namespace sluice {

class NdjsonSource : public Source {
 public:
  explicit NdjsonSource(const FileSourceConfig& config);
  ~NdjsonSource() override;

  Status seek(std::string_view cursor) override;
  Result<SourceBatch> next() override;
  int max_batches_per_run() const override { return -1; }
  SourceStats stats() const override { return stats_; }
  // Keys come from the parse that checks each line anyway.
  void set_key_path(const std::vector<std::string>& path) override { key_path_ = path; }

 private:
  Status open();

  FileSourceConfig config_;
  std::FILE* file_ = nullptr;
  int64_t offset_ = 0;
  int64_t line_ = 0;  // lines read so far (1-based number of the last one)
  SourceStats stats_;
  std::vector<std::string> key_path_;
};

}  // namespace sluice
