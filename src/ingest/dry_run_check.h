// DryRunCheck: what `sluice ingest --dry-run` does with each fetched batch instead of
// publishing it: map every record and judge it with the pipeline's rules, uniqueness included,
// judged within this run only (an in-memory index: the first valid record with a value holds
// it, later records with the same value fail). Nothing is stored anywhere.
// Not thread-safe: one run at a time (it is an Ingestor observer).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/config.h"
#include "core/record.h"
#include "transform/mapper.h"
#include "ingest/source.h"
#include "quality/rule_set.h"

namespace sluice {

// The verdict on one record, with where it came from.
struct CheckedRecord {
  int64_t page = 0;   // the page of an HTTP source ("http:page=N"), else the batch number (1-based)
  int64_t index = 0;  // position within the batch
  std::string key;    // the key field's text; "" when missing, null or not a string
  bool key_present = false;
  std::vector<std::string> failed;    // rule ids, in rule order
  std::vector<std::string> messages;  // one per failed rule
};

class DryRunCheck {
 public:
  using RecordCallback = std::function<void(const CheckedRecord&)>;

  // The pointers must outlive the check.
  DryRunCheck(const PipelineConfig& config, Mapper* mapper, const RuleSet* rules);

  void set_record_callback(RecordCallback callback) { on_record_ = std::move(callback); }
  // Judges every record of the batch, in order.
  void check(const SourceBatch& batch);
  const BatchSummary& summary() const { return summary_; }

 private:
  class MemoryUniqueIndex : public UniqueIndex {
   public:
    std::optional<LogPosition> owner(std::string_view field, std::string_view value) override;
    void claim(const std::string& field, std::string value, LogPosition position);

   private:
    std::map<std::pair<std::string, std::string>, LogPosition, std::less<>> owners_;
  };

  Schema schema_;
  Mapper* mapper_;
  const RuleSet* rules_;
  std::vector<std::string> unique_fields_;  // fields of `unique` rules, claimed by valid records
  MemoryUniqueIndex unique_;
  Record record_;
  Verdict verdict_;
  BatchSummary summary_;
  int64_t batches_ = 0;
  int64_t ordinal_ = 0;  // records seen, standing in for log offsets
  RecordCallback on_record_;
};

}  // namespace sluice
