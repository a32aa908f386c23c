#include "ingest/dry_run_check.h"

#include <charconv>

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

std::optional<LogPosition> DryRunCheck::MemoryUniqueIndex::owner(std::string_view field,
                                                                 std::string_view value) {
  auto it = owners_.find(std::make_pair(std::string(field), std::string(value)));
  if (it == owners_.end()) return std::nullopt;
  return it->second;
}

void DryRunCheck::MemoryUniqueIndex::claim(const std::string& field, std::string value,
                                           LogPosition position) {
  owners_.try_emplace({field, std::move(value)}, position);
}

DryRunCheck::DryRunCheck(const PipelineConfig& config, Mapper* mapper, const RuleSet* rules)
    : schema_(config.schema()),
      mapper_(mapper),
      rules_(rules),
      record_(&schema_),
      summary_(rules->empty_summary()) {
  for (const auto& rule : config.rules) {
    if (rule.kind != RuleKind::kUnique) continue;
    for (const auto& field : rule.fields) {
      if (schema_.index_of(field)) unique_fields_.push_back(field);
    }
  }
}

void DryRunCheck::check(const SourceBatch& batch) {
  ++batches_;
  const int64_t page = page_of(batch.source_id).value_or(batches_);
  for (size_t i = 0; i < batch.records.size(); ++i) {
    CheckedRecord checked;
    checked.page = page;
    checked.index = static_cast<int64_t>(i);
    Status mapped = mapper_->map(batch.records[i], &record_);
    // Each record gets its own position, so a record never collides with itself.
    record_.meta.partition = 0;
    record_.meta.offset = ordinal_++;
    if (mapped.ok()) {
      rules_->evaluate(record_, &unique_, &verdict_);
    } else {
      // Sources only hand out JSON objects, so this is a bug somewhere; still, say so.
      verdict_.clear();
      checked.failed.push_back("unparseable");
      checked.messages.push_back(mapped.to_string());
    }
    if (mapped.ok()) {
      rules_->count(verdict_, &summary_);
    } else {
      ++summary_.records;
      ++summary_.invalid;
    }
    const size_t key_index = schema_.key_index();
    checked.key_present = mapped.ok() && record_.has_text(key_index) &&
                          record_.source_kind(key_index) == JsonKind::kString;
    if (checked.key_present) checked.key = std::string(record_.text(key_index));
    for (const auto& failure : verdict_.failures) {
      checked.failed.push_back(rules_->rule_ids()[failure.rule_index]);
      checked.messages.push_back(failure.message);
    }
    if (mapped.ok() && verdict_.valid()) {
      for (const auto& field : unique_fields_) {
        size_t f = *schema_.index_of(field);
        if (record_.has_text(f) && !record_.text(f).empty()) {
          unique_.claim(field, std::string(record_.text(f)),
                        LogPosition{record_.meta.partition, record_.meta.offset});
        }
      }
    }
    if (on_record_) on_record_(checked);
  }
}

}  // namespace sluice
