// The SQLite sink alone: groups of already mapped, valid user profiles submitted one at a time
// (submit, then wait for the completion) into
// created_users (docs/architecture.md, "Tables"; synchronous=FULL, WAL), one transaction per group,
// the table growing from empty as in a first pipeline run. This is the processor's writer thread
// without the log, the mapping or the rules: the ceiling of the embedded pipeline's store step.
//
//   build/bench/sqlite_sink_bench --benchmark_counters_tabular=true
//
// The argument is the group size (records per transaction). items_per_second is records/s of
// wall time (the commit's fsync included); docs/benchmarks.md has the numbers.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/config.h"
#include "mock/profile_generator.h"
#include "sink/sink.h"
#include "transform/mapper.h"

namespace sluice {
namespace {

constexpr int kPageRecords = 5000;
constexpr int kPages = 150;  // 750,000 distinct profiles

const PipelineConfig& shipped() {
  static const PipelineConfig config = load_config(SLUICE_SOURCE_DIR "/config/local.yaml");
  return config;
}

const Schema& schema() {
  static const Schema s = shipped().schema();
  return s;
}

// Mapped once for all benchmarks; each record's offset is its index, as after one ingest run.
const std::vector<Record>& corpus() {
  static std::vector<Record> records = [] {
    std::vector<Record> out;
    Mapper mapper = std::move(Mapper::compile(shipped().fields, schema())).value();
    for (int page = 1; page <= kPages; ++page) {
      for (const auto& json : mock::generate_records({"bench", page, kPageRecords, 0})) {
        Record record(&schema());
        if (!mapper.map(json, &record).ok()) continue;
        record.meta.partition = 0;
        record.meta.offset = static_cast<int64_t>(out.size());
        record.meta.ingest_time_ms = 1764000000000 + record.meta.offset / 50;
        out.push_back(std::move(record));
      }
    }
    return out;
  }();
  return records;
}

std::filesystem::path fresh_dir() {
  auto dir = std::filesystem::temp_directory_path() / "sluice_sink_bench";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

struct OpenSink {
  std::filesystem::path dir = fresh_dir();
  std::unique_ptr<Sink> sink;
};

OpenSink open_sink(benchmark::State& state) {
  OpenSink out;
  SinkConfig config;
  config.path = (out.dir / "sluice.db").string();
  out.sink = make_sink(config, schema()).value();
  if (!out.sink->open().ok()) state.SkipWithError("cannot open the sink");
  return out;
}

// Writes records [begin, end) in transactions of `group` records.
void write_range(benchmark::State& state, Sink* sink, size_t begin, size_t end, size_t group) {
  const auto& records = corpus();
  std::vector<const Record*> valid;
  for (size_t first = begin; first < end; first += group) {
    valid.clear();
    for (size_t i = first; i < std::min(first + group, end); ++i)
      valid.push_back(&records[i]);
    if (!write_and_wait(sink, {valid, {}}).ok()) state.SkipWithError("writing a group failed");
  }
}

// Opens a new database holding `stored` rows (untimed), then times writing the next `count`
// records in transactions of `group`. Reports wall time per record and per commit (printed
// with a unit prefix: 7u is 7 µs, 20m is 20 ms).
void time_writes(benchmark::State& state, size_t stored, size_t count, size_t group) {
  count = std::min(count, corpus().size() - stored);
  int64_t written = 0;
  for (auto _ : state) {
    state.PauseTiming();
    OpenSink open = open_sink(state);
    write_range(state, open.sink.get(), 0, stored, 32000);
    state.ResumeTiming();
    write_range(state, open.sink.get(), stored, stored + count, group);
    written += static_cast<int64_t>(count);
    state.PauseTiming();
    open.sink.reset();
    std::filesystem::remove_all(open.dir);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(written);
  const auto per_item = benchmark::Counter::kIsRate | benchmark::Counter::kInvert;
  state.counters["per_record"] = benchmark::Counter(static_cast<double>(written), per_item);
  state.counters["per_commit"] =
      benchmark::Counter(static_cast<double>(written) / static_cast<double>(group), per_item);
}

// Steady state: a table already holding `stored` rows takes 40 transactions of `group` new
// records. This per-transaction cost is what a latency-bound pipeline pays on every commit.
void BM_GroupIntoFullTable(benchmark::State& state) {
  const auto group = static_cast<size_t>(state.range(1));
  time_writes(state, static_cast<size_t>(state.range(0)), group * 40, group);
}
BENCHMARK(BM_GroupIntoFullTable)
    ->Args({100000, 1000})
    ->Args({400000, 1000})
    ->Args({400000, 4000})
    ->Args({400000, 8000})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

// A first run: 200,000 records into a new database, `group` records per transaction.
void BM_WriteGroups(benchmark::State& state) {
  time_writes(state, 0, 200000, static_cast<size_t>(state.range(0)));
}
BENCHMARK(BM_WriteGroups)
    ->Arg(500)
    ->Arg(2000)
    ->Arg(8000)
    ->Arg(32000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(2);

}  // namespace
}  // namespace sluice

BENCHMARK_MAIN();
