#include "cli/pipeline_test_runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "transform/mapper.h"
#include "quality/rule_set.h"

namespace sluice::cli {
namespace {

// Owners of unique values among the cases run so far.
class MemoryUniqueIndex : public UniqueIndex {
 public:
  std::optional<LogPosition> owner(std::string_view field, std::string_view value) override {
    auto it = owners_.find({std::string(field), std::string(value)});
    if (it == owners_.end()) return std::nullopt;
    return it->second;
  }
  void claim(const std::string& field, std::string value, LogPosition position) {
    owners_.try_emplace({field, std::move(value)}, position);
  }

 private:
  std::map<std::pair<std::string, std::string>, LogPosition> owners_;
};

std::string quoted(const std::optional<std::string>& v) {
  return v ? fmt::format("\"{}\"", *v) : "null";
}

std::string id_list(const std::vector<std::string>& ids) {
  return fmt::format("[{}]", fmt::join(ids, ", "));
}

// Refuses row fields and rule ids the pipeline does not have: a typo there would otherwise
// make a case pass or fail for the wrong reason.
void check_names(const PipelineTestFile& file, const Schema& schema, const RuleSet& rules) {
  std::vector<ConfigError> errors;
  for (const auto& c : file.cases) {
    for (const auto& v : c.row) {
      if (!schema.index_of(v.field)) {
        errors.push_back({file.path, v.line, "row." + v.field, "not a field of the pipeline"});
      }
    }
    for (const auto& id : c.failed) {
      const auto& ids = rules.rule_ids();
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
        errors.push_back({file.path, c.failed_line, "failed",
                          fmt::format("\"{}\" is not a rule id of the pipeline", id)});
      }
    }
  }
  if (!errors.empty()) throw ConfigException(std::move(errors));
}

class CaseRunner {
 public:
  CaseRunner(const PipelineConfig& config, const Schema* schema, Mapper* mapper, RuleSet* rules)
      : schema_(schema), mapper_(mapper), rules_(rules), record_(schema) {
    for (const auto& r : config.rules) {
      if (r.kind != RuleKind::kUnique) continue;
      for (const auto& f : r.fields)
        unique_fields_.insert(f);
    }
  }

  // Runs one case; returns the differences (empty when it passes).
  std::vector<std::string> run(const PipelineTestCase& c, int64_t default_offset) {
    std::vector<std::string> diffs;
    Status mapped = mapper_->map(c.input_json, &record_);
    if (!mapped.ok()) {
      diffs.push_back(fmt::format("input does not map: {}", mapped.to_string()));
      return diffs;
    }
    record_.meta.partition = 0;
    record_.meta.offset = c.offset.value_or(default_offset);
    rules_->evaluate(record_, &unique_, &verdict_);
    std::vector<std::string> got;
    for (const auto& f : verdict_.failures)
      got.push_back(rules_->rule_ids()[f.rule_index]);
    std::sort(got.begin(), got.end());
    if (got != c.failed) {
      diffs.push_back(fmt::format("rules: expected {}, got {}", id_list(c.failed), id_list(got)));
      for (const auto& f : verdict_.failures) {
        diffs.push_back(fmt::format("  {}: {}", rules_->rule_ids()[f.rule_index], f.message));
      }
    }
    for (const auto& v : c.row) {
      size_t i = *schema_->index_of(v.field);
      std::optional<std::string> value;
      if (!record_.is_null(i)) value = record_.to_text(i);
      if (value != v.text) {
        diffs.push_back(
            fmt::format("{}: expected {}, got {}", v.field, quoted(v.text), quoted(value)));
      }
    }
    if (verdict_.valid()) claim();
    return diffs;
  }

 private:
  void claim() {
    const LogPosition position{record_.meta.partition, record_.meta.offset};
    for (const auto& name : unique_fields_) {
      size_t i = *schema_->index_of(name);
      if (!record_.is_null(i)) unique_.claim(name, record_.to_text(i), position);
    }
  }

  const Schema* schema_;
  Mapper* mapper_;
  RuleSet* rules_;
  Record record_;
  Verdict verdict_;
  MemoryUniqueIndex unique_;
  std::set<std::string> unique_fields_;
};

template <typename T>
T compiled(Result<T> r, const PipelineConfig& config, const char* what) {
  if (!r.ok()) {
    throw ConfigException(
        {{config.file, 0, "", fmt::format("{}: {}", what, r.status().message())}});
  }
  return std::move(r).value();
}

}  // namespace

PipelineTestTally run_pipeline_test(const PipelineTestFile& file, const PipelineConfig& config,
                                    std::FILE* out) {
  const Schema schema = config.schema();
  Mapper mapper = compiled(Mapper::compile(config.fields, schema), config, "mapping");
  RuleSet rules = compiled(RuleSet::compile(config.rules, config.fields, schema), config, "rules");
  check_names(file, schema, rules);

  CaseRunner runner(config, &schema, &mapper, &rules);
  PipelineTestTally tally;
  for (size_t i = 0; i < file.cases.size(); ++i) {
    const PipelineTestCase& c = file.cases[i];
    std::vector<std::string> diffs = runner.run(c, static_cast<int64_t>(i));
    if (diffs.empty()) {
      ++tally.passed;
      continue;
    }
    ++tally.failed;
    fmt::print(out, "{}:{}: FAIL \"{}\"\n", file.path, c.line, c.name);
    for (const auto& d : diffs)
      fmt::print(out, "    {}\n", d);
  }
  return tally;
}

}  // namespace sluice::cli
