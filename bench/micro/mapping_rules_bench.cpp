// Mapping + data-quality rules per record (docs/architecture.md, "Records and schema" and "Data
// quality"), against raw simdjson parsing of the same bytes as the ceiling. Records come from the
// mock API's generator, so they have randomuser.me's full shape (~1 KB each, most of it fields the
// mapping skips).
//
//   build-quality/bench/mapping_rules_bench --benchmark_counters_tabular=true
//
// items_per_second is records/s; bytes_per_second is JSON bytes/s. docs/benchmarks.md has the
// numbers and what they mean.
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "mock/profile_generator.h"
#include "quality/rule_set.h"
#include "transform/mapper.h"

namespace sluice {
namespace {

constexpr int kRecords = 5000;

// No value is held yet: the unique rule still asks, as it does for every new username.
class EmptyUniqueIndex : public UniqueIndex {
 public:
  std::optional<LogPosition> owner(std::string_view, std::string_view) override {
    return std::nullopt;
  }
  void claim(std::string_view, std::string_view, LogPosition) override {}
};

struct Corpus {
  std::vector<std::string> records;
  int64_t bytes = 0;
};

const Corpus& corpus(double invalid_rate) {
  static Corpus clean, mixed;
  Corpus& c = invalid_rate == 0 ? clean : mixed;
  if (c.records.empty()) {
    c.records = mock::generate_records({"bench", 1, kRecords, invalid_rate});
    for (const auto& r : c.records)
      c.bytes += static_cast<int64_t>(r.size());
  }
  return c;
}

const PipelineConfig& shipped() {
  static const PipelineConfig config = load_config(SLUICE_SOURCE_DIR "/config/local.yaml");
  return config;
}

void report(benchmark::State& state, const Corpus& c) {
  int64_t rounds = static_cast<int64_t>(state.iterations());
  state.SetItemsProcessed(rounds * static_cast<int64_t>(c.records.size()));
  state.SetBytesProcessed(rounds * c.bytes);
  state.counters["avg_record_bytes"] =
      static_cast<double>(c.bytes) / static_cast<double>(c.records.size());
}

// The ceiling: simdjson's DOM parser (runtime-dispatched SIMD) fully parsing each record from
// an already padded buffer, reading nothing.
void BM_RawParse(benchmark::State& state) {
  const Corpus& c = corpus(0);
  std::vector<simdjson::padded_string> padded(c.records.begin(), c.records.end());
  simdjson::dom::parser parser;
  for (auto _ : state) {
    for (const auto& p : padded) {
      simdjson::dom::element doc;
      auto err = parser.parse(p).get(doc);
      benchmark::DoNotOptimize(err);
      benchmark::DoNotOptimize(doc);
    }
  }
  report(state, c);
}
BENCHMARK(BM_RawParse);

void BM_Mapping(benchmark::State& state) {
  const Corpus& c = corpus(0);
  const PipelineConfig& config = shipped();
  Schema schema = config.schema();
  Mapper mapper = std::move(Mapper::compile(config.fields, schema)).value();
  Record record(&schema);
  for (auto _ : state) {
    for (const auto& json : c.records) {
      Status s = mapper.map(json, &record);
      benchmark::DoNotOptimize(s);
    }
  }
  report(state, c);
}
BENCHMARK(BM_Mapping);

void map_and_check(benchmark::State& state, double invalid_rate) {
  const Corpus& c = corpus(invalid_rate);
  const PipelineConfig& config = shipped();
  Schema schema = config.schema();
  Mapper mapper = std::move(Mapper::compile(config.fields, schema)).value();
  RuleSet rules = std::move(RuleSet::compile(config.rules, config.fields, schema)).value();
  EmptyUniqueIndex unique;
  Record record(&schema);
  Verdict verdict;
  BatchSummary summary = rules.empty_summary();
  for (auto _ : state) {
    for (const auto& json : c.records) {
      if (!mapper.map(json, &record).ok()) continue;
      rules.evaluate(record, &unique, &verdict);
      rules.count(verdict, &summary);
    }
  }
  report(state, c);
  state.counters["invalid_share"] =
      static_cast<double>(summary.invalid) / static_cast<double>(summary.records);
}

// The target: mapping + the full user_profiles rule set on valid records.
void BM_MappingRules(benchmark::State& state) {
  map_and_check(state, 0);
}
BENCHMARK(BM_MappingRules);

// A feed where the generator broke 10% of the records: failures build their messages.
void BM_MappingRulesTenPercentInvalid(benchmark::State& state) {
  map_and_check(state, 0.1);
}
BENCHMARK(BM_MappingRulesTenPercentInvalid);

// Rules alone, on records mapped beforehand.
void BM_RulesOnly(benchmark::State& state) {
  const Corpus& c = corpus(0);
  const PipelineConfig& config = shipped();
  Schema schema = config.schema();
  Mapper mapper = std::move(Mapper::compile(config.fields, schema)).value();
  RuleSet rules = std::move(RuleSet::compile(config.rules, config.fields, schema)).value();
  std::vector<Record> mapped(c.records.size(), Record(&schema));
  for (size_t i = 0; i < c.records.size(); ++i)
    (void)mapper.map(c.records[i], &mapped[i]);
  EmptyUniqueIndex unique;
  Verdict verdict;
  for (auto _ : state) {
    for (const auto& r : mapped) {
      rules.evaluate(r, &unique, &verdict);
      benchmark::DoNotOptimize(verdict);
    }
  }
  report(state, c);
}
BENCHMARK(BM_RulesOnly);

}  // namespace
}  // namespace sluice

BENCHMARK_MAIN();
