#include "ingest/dry_run_check.h"

#include <algorithm>
#include <charconv>
#include <optional>

namespace sluice {
namespace {

// "http:page=3" -> 3; nullopt for sources that have no pages.
std::optional<int64_t> page_of(std::string_view source_id) {
  constexpr std::string_view kPage = "page=";
  auto at = source_id.find(kPage);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view digits = source_id.substr(at + kPage.size());
  int64_t page = 0;
  if (std::from_chars(digits.data(), digits.data() + digits.size(), page).ec != std::errc()) {
    return std::nullopt;
  }
  return page;
}

}  // namespace

DryRunCheck::DryRunCheck(Judge* judge) : judge_(judge), record_(&judge->schema()) {
  summary_.reason_ids = judge->reason_ids();
  summary_.failures.assign(summary_.reason_ids.size(), 0);
}

void DryRunCheck::count(const std::vector<Reason>& reasons) {
  ++summary_.records;
  ++(reasons.empty() ? summary_.valid : summary_.invalid);
  for (const Reason& r : reasons) {
    auto it = std::find(summary_.reason_ids.begin(), summary_.reason_ids.end(), r.rule);
    if (it != summary_.reason_ids.end()) ++summary_.failures[it - summary_.reason_ids.begin()];
  }
}

void DryRunCheck::check(const SourceBatch& batch) {
  ++batches_;
  const int64_t page = page_of(batch.source_id).value_or(batches_);
  const size_t key_index = judge_->schema().key_index();
  for (size_t i = 0; i < batch.records.size(); ++i) {
    CheckedRecord checked;
    checked.page = page;
    checked.index = static_cast<int64_t>(i);
    // Each record gets its own position, so a record never collides with itself.
    record_.meta.partition = 0;
    record_.meta.offset = ordinal_++;
    judge_->look(batch.records[i], &record_, &look_);
    judge_->finish(record_, &unique_, &look_, &reasons_);
    count(reasons_);
    checked.key_present = look_.parse_error.empty() && record_.has_text(key_index) &&
                          record_.source_kind(key_index) == JsonKind::kString;
    if (checked.key_present) checked.key = std::string(record_.text(key_index));
    for (const Reason& r : reasons_) {
      checked.failed.push_back(r.rule);
      checked.messages.push_back(r.message);
    }
    if (on_record_) on_record_(checked);
  }
}

}  // namespace sluice
