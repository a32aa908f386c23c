#include "cli/pipeline_test_runner.h"

#include <fmt/format.h>
#include <prometheus/registry.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <stdexcept>

#include "log/memory/memory_log.h"
#include "process/processor.h"
#include "quality/judge.h"
#include "sink/memory/memory_sink.h"
#include "transform/field_protector.h"

namespace sluice::cli {
namespace {

// What the sink holds for one case's position once its record went through the processor.
struct Outcome {
  std::vector<std::string> failed;  // sorted reason ids; empty when stored
  std::vector<Reason> reasons;      // as quarantined
  std::optional<MemorySink::StoredRow> row;
};

std::string quoted(const std::optional<std::string>& v) {
  return v ? fmt::format("\"{}\"", *v) : "null";
}

std::string id_list(const std::vector<std::string>& ids) {
  return fmt::format("[{}]", fmt::join(ids, ", "));
}

// Refuses row fields and reason ids the pipeline does not have: a typo there would otherwise
// make a case pass or fail for the wrong reason.
void check_names(const PipelineTestFile& file, const Judge& judge) {
  std::vector<ConfigError> errors;
  const auto ids = judge.reason_ids();
  for (const auto& c : file.cases) {
    for (const auto& v : c.row) {
      if (!judge.schema().index_of(v.field)) {
        errors.push_back({file.path, v.line, "row." + v.field, "not a field of the pipeline"});
      }
    }
    for (const auto& id : c.failed) {
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
        errors.push_back(
            {file.path, c.failed_line, "failed",
             fmt::format("\"{}\" is not a rule id of the pipeline (nor parse, key)", id)});
      }
    }
  }
  if (!errors.empty()) throw ConfigException(std::move(errors));
}

// Drives the real Processor over in-memory logs into one in-memory sink.
class CaseRunner {
 public:
  // `protector` stores protected fields as a run would, with a key of the test's own.
  CaseRunner(const PipelineConfig& config, Judge* judge, const FieldProtector* protector)
      : config_(config), judge_(judge), protector_(protector), sink_(judge->schema()) {
    config_.process.commit_interval_ms = 0;
    Status opened = sink_.open();
    if (!opened.ok()) throw std::runtime_error(opened.to_string());
  }

  // Publishes the cases' records in order, each at its offset, and processes them; returns
  // what the sink holds for each, read right after its record was processed (a later replay
  // of the same position may change it).
  std::vector<Outcome> run(const std::vector<PipelineTestCase>& cases) {
    std::vector<Outcome> outcomes(cases.size());
    size_t first = 0;
    while (first < cases.size()) {
      // A run of cases whose offsets follow on shares one log; a case at any other offset (a
      // replay of an earlier one) starts a log of its own that begins there.
      size_t end = first + 1;
      while (end < cases.size() && offset_of(cases, end) == offset_of(cases, end - 1) + 1)
        ++end;
      process(cases, first, end);
      for (size_t i = first; i < end; ++i)
        outcomes[i] = outcome_at(offset_of(cases, i));
      first = end;
    }
    return outcomes;
  }

 private:
  static int64_t offset_of(const std::vector<PipelineTestCase>& cases, size_t i) {
    return cases[i].offset.value_or(static_cast<int64_t>(i));
  }

  void process(const std::vector<PipelineTestCase>& cases, size_t first, size_t end) {
    MemoryLog log(1, offset_of(cases, first));
    std::vector<LogRecord> records;
    for (size_t i = first; i < end; ++i) {
      records.push_back(
          {judge_->mapper().key_of(cases[i].input_json), cases[i].input_json, kIngestTimeMs});
    }
    Status s = log.publish(records, "");
    auto consumer = log.open_consumer(config_.process.group);
    if (s.ok()) s = consumer.status();
    if (s.ok()) {
      prometheus::Registry registry;
      ProcessProbe probe(registry, config_.name, judge_->rules().rule_ids(), 1);
      Processor processor(config_, consumer->get(), &sink_, &probe);
      std::atomic<bool> stop{false};
      // Reconcile: a replayed position keeps only its latest verdict, in either table.
      s = processor.run(stop, {.until_idle = true, .reconcile = true, .protector = protector_});
    }
    if (!s.ok()) throw std::runtime_error("processing the cases failed: " + s.to_string());
  }

  Outcome outcome_at(int64_t offset) {
    Outcome out;
    const auto quarantined = sink_.quarantined();
    if (auto q = quarantined.find({0, offset}); q != quarantined.end()) {
      out.reasons = q->second.reasons;
      for (const Reason& r : out.reasons)
        out.failed.push_back(r.rule);
      std::sort(out.failed.begin(), out.failed.end());
      return out;
    }
    for (auto& [key, row] : sink_.stored()) {
      if (row.position == LogPosition{0, offset}) out.row = row;
    }
    if (!out.row) {
      throw std::runtime_error(fmt::format(
          "the record at offset {} was neither stored nor quarantined (a bug in sluice)", offset));
    }
    return out;
  }

  static constexpr int64_t kIngestTimeMs = 1764077401000;
  PipelineConfig config_;
  Judge* judge_;
  const FieldProtector* protector_;
  MemorySink sink_;
};

// Compares one case with its outcome; returns the differences (empty when it passes). A row's
// expected values are written as received; a stored row holds protected fields as `protect:`
// stores them, so those are compared with the expected value protected the same way.
std::vector<std::string> compare(const PipelineTestCase& c, const Outcome& outcome, Judge* judge,
                                 const FieldProtector& protector) {
  std::vector<std::string> diffs;
  if (outcome.failed != c.failed) {
    diffs.push_back(
        fmt::format("rules: expected {}, got {}", id_list(c.failed), id_list(outcome.failed)));
    for (const Reason& r : outcome.reasons)
      diffs.push_back(fmt::format("  {}: {}", r.rule, r.message));
  }
  if (c.row.empty()) return diffs;
  // A stored record shows its row; a quarantined one its mapping (the same Mapper's).
  Record mapped(&judge->schema());
  if (!outcome.row && !judge->mapper().map(c.input_json, &mapped).ok()) {
    diffs.push_back("row: the input does not map (it is not a JSON object)");
    return diffs;
  }
  for (const auto& v : c.row) {
    const size_t i = *judge->schema().index_of(v.field);
    std::optional<std::string> value;
    if (outcome.row) {
      value = outcome.row->values[i];
    } else if (!mapped.is_null(i)) {
      value = mapped.to_text(i);
    }
    std::optional<std::string> expected = v.text;
    std::string how;
    if (outcome.row && v.text) {
      if (auto stored = protector.stored_value(i, *v.text)) {
        expected = std::move(stored);
        how = fmt::format(" (protected: {})", quoted(v.text));
      }
    }
    if (value != expected) {
      diffs.push_back(
          fmt::format("{}: expected {}{}, got {}", v.field, quoted(expected), how, quoted(value)));
    }
  }
  return diffs;
}

}  // namespace

PipelineTestTally run_pipeline_test(const PipelineTestFile& file, const PipelineConfig& config,
                                    std::FILE* out) {
  auto judge = Judge::compile(config);
  if (!judge.ok()) throw ConfigException({{config.file, 0, "", judge.status().message()}});
  check_names(file, **judge);

  // Any key does: the expected values are protected with the same one.
  const FieldProtector protector = FieldProtector::with_key(config, "sluice-test-protect-key");
  CaseRunner runner(config, judge->get(), &protector);
  const std::vector<Outcome> outcomes = runner.run(file.cases);
  PipelineTestTally tally;
  for (size_t i = 0; i < file.cases.size(); ++i) {
    const PipelineTestCase& c = file.cases[i];
    std::vector<std::string> diffs = compare(c, outcomes[i], judge->get(), protector);
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
