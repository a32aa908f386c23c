#include "quality/judge.h"

#include <fmt/format.h>

namespace sluice {

Judge::Judge(Schema schema, Mapper mapper, RuleSet rules)
    : schema_(std::move(schema)), mapper_(std::move(mapper)), rules_(std::move(rules)) {}

Result<std::unique_ptr<Judge>> Judge::compile(const PipelineConfig& config) {
  Schema schema = config.schema();
  auto mapper = Mapper::compile(config.fields, schema);
  if (!mapper.ok()) return mapper.status().with_context("mapping");
  auto rules = RuleSet::compile(config.rules, config.fields, schema);
  if (!rules.ok()) return rules.status().with_context("rules");
  return std::unique_ptr<Judge>(
      new Judge(std::move(schema), std::move(mapper).value(), std::move(rules).value()));
}

void Judge::look(std::string_view raw, Record* record, FirstLook* out) {
  out->verdict.clear();
  out->parse_error.clear();
  Status mapped = mapper_.map(raw, record);  // keeps record->meta
  if (!mapped.ok()) {
    out->parse_error = mapped.message();
    return;
  }
  rules_.evaluate_stateless(*record, &out->verdict);
}

bool Judge::finish(const Record& record, UniqueIndex* unique, FirstLook* look,
                   std::vector<Reason>* reasons) const {
  reasons->clear();
  if (!look->parse_error.empty()) {
    reasons->push_back(
        {std::string(kParseReason), "record is not a JSON object: " + look->parse_error});
    return false;
  }
  rules_.evaluate_stateful(record, unique, &look->verdict);
  if (!look->verdict.valid()) {
    for (const RuleFailure& f : look->verdict.failures)
      reasons->push_back({rules_.rule_ids()[f.rule_index], f.message});
    return false;
  }
  if (record.key().empty()) {
    reasons->push_back(
        {std::string(kKeyReason),
         fmt::format("key field '{}' is empty; a stored row needs a key", schema_.key_name())});
    return false;
  }
  rules_.claim(record, unique);
  return true;
}

std::vector<std::string> Judge::reason_ids() const {
  std::vector<std::string> ids = rules_.rule_ids();
  ids.emplace_back(kParseReason);
  ids.emplace_back(kKeyReason);
  return ids;
}

}  // namespace sluice
