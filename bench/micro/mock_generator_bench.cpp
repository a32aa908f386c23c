// The mock API's generator (src/mock/profile_generator.h): how fast `sluice mock-api` can build
// a page, since it feeds the end-to-end benchmark and must outrun the pipeline it feeds.
//
//   build-mockperf/bench/mock_generator_bench --benchmark_counters_tabular=true
//
// items_per_second is records/s; bytes_per_second is response-body bytes/s. docs/benchmarks.md
// has the numbers.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "mock/profile_generator.h"

namespace sluice::mock {
namespace {

constexpr int kRecords = 5000;  // the real API's largest page

PageRequest page_request(int64_t page, double invalid_rate) {
  PageRequest r;
  r.seed = "bench";
  r.page = page;
  r.results = kRecords;
  r.invalid_rate = invalid_rate;
  return r;
}

// One /api/ answer: body plus expectations, as the server builds it. Successive pages, so the
// numbers are not those of one lucky page.
void BM_GeneratePage(benchmark::State& state) {
  double invalid_rate = static_cast<double>(state.range(0)) / 100.0;
  int64_t page = 1;
  int64_t bytes = 0;
  for (auto _ : state) {
    GeneratedPage generated = generate_page(page_request(page, invalid_rate));
    bytes += static_cast<int64_t>(generated.body.size());
    benchmark::DoNotOptimize(generated);
    page = page % 20 + 1;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kRecords);
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_GeneratePage)->Arg(10)->Arg(0)->Unit(benchmark::kMillisecond);

// Each record as its own string, as benchmarks of the later stages take them.
void BM_GenerateRecords(benchmark::State& state) {
  int64_t page = 1;
  for (auto _ : state) {
    std::vector<std::string> records = generate_records(page_request(page, 0.1));
    benchmark::DoNotOptimize(records);
    page = page % 20 + 1;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kRecords);
}
BENCHMARK(BM_GenerateRecords)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sluice::mock

BENCHMARK_MAIN();
