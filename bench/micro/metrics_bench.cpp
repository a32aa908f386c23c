// Cost of the metrics per event, to bound their share of a pipeline run (docs/benchmarks.md,
// "Metrics overhead"): each probe call the hot path makes (once per page, log transaction,
// flush, sink transaction or run), and each scrape-time read (log partitions, statvfs of the
// data dir). Multiplied by how often a run makes each call, they give the overhead without
// the noise of timing whole runs on a shared machine.
#include <benchmark/benchmark.h>
#include <prometheus/registry.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "ingest/probe.h"
#include "log/embedded/embedded_log.h"
#include "log/log_metrics.h"
#include "log/probe.h"
#include "process/probe.h"
#include "serve/data_dir_metrics.h"

namespace sluice {
namespace {

// One transaction of `n` records as the file source publishes them (~1 KB values).
std::vector<LogRecord> records(int n) {
  std::vector<LogRecord> out(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    out[static_cast<size_t>(i)].key = "user" + std::to_string(i);
    out[static_cast<size_t>(i)].value.assign(1000, 'x');
  }
  return out;
}

void BM_LogProbeAppended(benchmark::State& state) {
  prometheus::Registry registry;
  LogProbe probe(registry, "bench");
  const auto batch = records(static_cast<int>(state.range(0)));
  for (auto _ : state)
    probe.appended(batch);
}

void BM_LogProbeFsynced(benchmark::State& state) {
  prometheus::Registry registry;
  LogProbe probe(registry, "bench");
  for (auto _ : state)
    probe.fsynced(0.0021);
}

void BM_IngestFetchDone(benchmark::State& state) {
  prometheus::Registry registry;
  IngestProbe probe(registry, "bench");
  for (auto _ : state)
    probe.fetch_done("200", 2'500'000);
}

void BM_IngestRunDone(benchmark::State& state) {
  prometheus::Registry registry;
  IngestProbe probe(registry, "bench");
  IngestSummary summary;
  summary.published = 2000;
  summary.cursor_after = "page=12";
  const Result<IngestSummary> run(summary);
  for (auto _ : state)
    probe.run_done(run, 0.4);
}

void BM_ProcessBatchDone(benchmark::State& state) {
  prometheus::Registry registry;
  ProcessProbe probe(registry, "bench", {"required", "email_format"}, 4);
  for (auto _ : state)
    probe.batch_done(8000, 7200, 800, 0.05);
}

void BM_ScrapeLogPartitions(benchmark::State& state) {
  spdlog::set_level(spdlog::level::warn);  // the log's open line, once per calibration round
  const std::string dir =
      std::string(std::getenv("SLUICE_BENCH_DIR") ? std::getenv("SLUICE_BENCH_DIR") : "/tmp") +
      "/sluice_metrics_bench_" + std::to_string(::getpid());
  {
    LogConfig c;
    c.dir = dir;
    c.partitions = 4;
    c.fsync.policy = FsyncPolicy::kNever;
    auto log = EmbeddedLog::open(c);
    if (!log.ok()) {
      state.SkipWithError(log.status().to_string().c_str());
      return;
    }
    (void)(*log)->publish(records(500), "page=2");
    LogMetrics metrics(log->get(), "bench");
    for (auto _ : state)
      benchmark::DoNotOptimize(metrics.Collect());
  }
  std::filesystem::remove_all(dir);
}

void BM_ScrapeDataDir(benchmark::State& state) {
  DataDirMetrics metrics("/tmp", "bench");
  for (auto _ : state)
    benchmark::DoNotOptimize(metrics.Collect());
}

BENCHMARK(BM_LogProbeAppended)->Arg(500)->Arg(5000);
BENCHMARK(BM_LogProbeFsynced);
BENCHMARK(BM_IngestFetchDone);
BENCHMARK(BM_IngestRunDone);
BENCHMARK(BM_ProcessBatchDone);
BENCHMARK(BM_ScrapeLogPartitions);
BENCHMARK(BM_ScrapeDataDir);

}  // namespace
}  // namespace sluice

BENCHMARK_MAIN();
