// DryRunCheck: what `sluice ingest --dry-run` does with each fetched batch instead of
// publishing it: judge every record with the pipeline's Judge (the processor's own mapping,
// rules and reason names), uniqueness included, judged within this run only (an in-memory
// index: the first valid record with a value holds it, later records with the same value
// fail). Nothing is stored anywhere.
// Not thread-safe: one run at a time (it is an Ingestor observer).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/record.h"
#include "ingest/source.h"
#include "quality/judge.h"
#include "quality/memory_unique_index.h"

namespace sluice {

// The verdict on one record, with where it came from.
struct CheckedRecord {
  int64_t page = 0;   // the page of an HTTP source ("http:page=N"), else the batch number (1-based)
  int64_t index = 0;  // position within the batch
  std::string key;    // the key field's text; "" when missing, null or not a string
  bool key_present = false;
  std::vector<std::string> failed;    // reason ids (rule ids, parse, key), in rule order
  std::vector<std::string> messages;  // one per reason
};

// Counts over a run, per reason id (Judge::reason_ids() order).
struct DryRunSummary {
  int64_t records = 0;
  int64_t valid = 0;
  int64_t invalid = 0;
  std::vector<std::string> reason_ids;
  std::vector<int64_t> failures;  // failures[i] counts reason_ids[i]
};

class DryRunCheck {
 public:
  using RecordCallback = std::function<void(const CheckedRecord&)>;

  // The judge must outlive the check.
  explicit DryRunCheck(Judge* judge);

  void set_record_callback(RecordCallback callback) { on_record_ = std::move(callback); }
  // Judges every record of the batch, in order.
  void check(const SourceBatch& batch);
  const DryRunSummary& summary() const { return summary_; }

 private:
  void count(const std::vector<Reason>& reasons);

  Judge* judge_;
  MemoryUniqueIndex unique_;
  Record record_;
  FirstLook look_;
  std::vector<Reason> reasons_;
  DryRunSummary summary_;
  int64_t batches_ = 0;
  int64_t ordinal_ = 0;  // records seen, standing in for log offsets
  RecordCallback on_record_;
};

}  // namespace sluice
