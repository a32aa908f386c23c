// The HTTP source's page split (src/ingest/http/page_parser.h): one API response body of 5000
// profiles from the mock generator cut into its records' raw JSON, with and without reading
// each record's key (login.username, as ingest does when it publishes). This is most of the
// ingest fetch thread's CPU in the end-to-end run.
//
//   build/bench/page_parser_bench --benchmark_counters_tabular=true
//
// items_per_second is records/s and bytes_per_second body bytes/s, per CPU second on one
// thread; docs/benchmarks.md has the numbers.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "ingest/http/page_parser.h"
#include "mock/profile_generator.h"

namespace sluice {
namespace {

constexpr int kRecords = 5000;  // the shipped bench's page size, the real API's largest

const std::string& page_body() {
  static const std::string body = [] {
    mock::PageRequest request;
    request.seed = "bench";
    request.page = 1;
    request.results = kRecords;
    request.invalid_rate = 0.1;
    return mock::generate_page(request).body;
  }();
  return body;
}

void BM_SplitPage(benchmark::State& state) {
  PageParser parser("results");
  if (state.range(0) != 0) parser.set_key_path({"login", "username"});
  std::vector<std::string> records;
  std::vector<std::string> keys;
  std::string body;
  for (auto _ : state) {
    state.PauseTiming();
    body = page_body();  // parsed in place, so each pass takes a fresh copy
    state.ResumeTiming();
    if (!parser.parse(&body, &records, &keys).ok()) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(records);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kRecords);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(page_body().size()));
}
BENCHMARK(BM_SplitPage)->ArgName("keys")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sluice

BENCHMARK_MAIN();
