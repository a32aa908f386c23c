// The scheduler's store round trips alone, on a SQLite run store in a fresh file: what one task
// instance costs from queued to recorded (claim in batches, one finish_all per batch), making a
// run of 10 tasks and advancing it, and the due-time arithmetic the loop does per workflow.
//
//   build/bench/scheduler_store_bench --benchmark_counters_tabular=true
//
// items_per_second is task instances (or calls) per second; docs/benchmarks.md has the numbers.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "schedule/due_runs.h"
#include "schedule/runner/run_advance.h"
#include "schedule/runner/run_creation.h"
#include "schedule/store/sqlite/sqlite_run_store.h"
#include "schedule/workflow_loader.h"

namespace sluice {
namespace {

constexpr int64_t kT0 = 1704067200000;  // 2024-01-01

std::string fresh_path(const char* name) {
  const std::string dir = "/tmp/sluice_scheduler_bench_" + std::to_string(::getpid()) + "_" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir + "/scheduler.db";
}

const Workflow& ten_tasks() {
  static const Workflow w = [] {
    std::string yaml =
        "pipeline: bench\n"
        "source: {http: {url: 'http://127.0.0.1:1/api/'}}\n"
        "schema: {key: k, fields: [{name: k, from: k}]}\n"
        "workflows:\n  - name: w\n    schedule: '@every 1s'\n    tasks:\n";
    for (int t = 0; t < 10; ++t)
      yaml += "      - {name: t" + std::to_string(t) + ", kind: shell, command: 'true'}\n";
    return load_config_and_workflows_from_string(yaml, "bench.yaml").workflows.front();
  }();
  return w;
}

// Queued -> running -> success for batches of `range(0)` instances: claim once, finish all once.
void BM_ClaimAndFinish(benchmark::State& state) {
  schedule::SqliteRunStore sqlite(fresh_path("claim"));
  schedule::RunStore& store = sqlite;  // the interface's default arguments
  if (!store.open().ok()) state.SkipWithError("open");
  const int batch = static_cast<int>(state.range(0));
  int64_t date = kT0;
  int64_t done = 0;
  for (auto _ : state) {
    state.PauseTiming();
    // Enough queued instances for one claim.
    for (int made = 0; made < batch; made += 10) {
      auto run = schedule::new_run(ten_tasks(), date, schedule::RunKind::kScheduled, {}, date);
      (void)store.create_run(*run);  // its 10 independent tasks queued at once
      date += 1000;
    }
    state.ResumeTiming();
    auto claimed = store.claim({"bench", batch, date, 30000, {"w"}});
    std::vector<schedule::AttemptEnd> ends;
    for (const auto& t : *claimed)
      ends.push_back({{t.run, t.task, t.attempt, "bench"}, TaskState::kSuccess, 0});
    (void)store.finish_all(ends, date);
    done += static_cast<int64_t>(claimed->size());
  }
  state.SetItemsProcessed(done);
}
BENCHMARK(BM_ClaimAndFinish)->Arg(1)->Arg(16)->Arg(256)->UseRealTime();

// A new run of 10 independent tasks (queued by its insert), then a pass over it as after its
// tasks ended: read it and its instances, evaluate the trigger rules.
void BM_CreateAndAdvanceRun(benchmark::State& state) {
  schedule::SqliteRunStore sqlite(fresh_path("advance"));
  schedule::RunStore& store = sqlite;
  if (!store.open().ok()) state.SkipWithError("open");
  int64_t date = kT0;
  for (auto _ : state) {
    auto run = schedule::new_run(ten_tasks(), date, schedule::RunKind::kScheduled, {}, date);
    auto created = store.create_run(*run);
    auto instances = store.task_instances_of({created->run.id});
    auto moved = schedule::advance_run(store, ten_tasks(), created->run,
                                       (*instances)[created->run.id], date);
    benchmark::DoNotOptimize(moved);
    date += 1000;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CreateAndAdvanceRun)->UseRealTime();

void BM_NextDueTime(benchmark::State& state) {
  const Workflow& w = ten_tasks();
  Instant now{std::chrono::seconds(kT0 / 1000)};
  for (auto _ : state) {
    auto next = next_due_time(w, now - std::chrono::seconds(1), now);
    benchmark::DoNotOptimize(next);
    now += std::chrono::seconds(1);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NextDueTime);

}  // namespace
}  // namespace sluice

BENCHMARK_MAIN();
