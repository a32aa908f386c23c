// run_store_claimer: a second (third...) scheduler process for the RunStore contract's
// multi-process cases (run_store_contract.h). It opens the store the arguments name, the way
// `sluice scheduler` will (make_run_store), and claims until there is nothing left:
//
//   run_store_claimer sqlite PATH OWNER LEASE_MS BATCH [hold]
//   run_store_claimer postgres SCHEMA OWNER LEASE_MS BATCH [hold]   (DSN in SLUICE_RUN_STORE_DSN)
//
// Prints "claimed RUN TASK ATTEMPT" for each instance it takes and "finished RUN TASK ATTEMPT
// 0|1" (whether the store took the finish) after finishing it as success; exits 0 once claims
// have come back empty for half a second. With `hold` it finishes nothing: it prints "holding"
// after its first non-empty claim and waits to be killed, as a scheduler that died would.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "core/config.h"
#include "schedule/store/run_store.h"

namespace {

using sluice::schedule::RunStore;

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int fail(const std::string& what) {
  std::fprintf(stderr, "run_store_claimer: %s\n", what.c_str());
  return 1;
}

int claim_loop(RunStore& store, const std::string& owner, int64_t lease_ms, int batch, bool hold) {
  int idle = 0;
  while (idle < 50) {
    auto claimed = store.claim({owner, batch, now_ms(), lease_ms, {}});
    if (!claimed.ok()) return fail(claimed.status().to_string());
    if (claimed->empty()) {
      ++idle;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;
    }
    idle = 0;
    for (const auto& t : *claimed)
      std::printf("claimed %lld %s %d\n", static_cast<long long>(t.run), t.task.c_str(), t.attempt);
    std::fflush(stdout);
    if (hold) {
      std::printf("holding\n");
      std::fflush(stdout);
      while (true)
        std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    for (const auto& t : *claimed) {
      auto done =
          store.finish({t.run, t.task, t.attempt, owner}, sluice::TaskState::kSuccess, now_ms());
      if (!done.ok()) return fail(done.status().to_string());
      std::printf("finished %lld %s %d %d\n", static_cast<long long>(t.run), t.task.c_str(),
                  t.attempt, *done ? 1 : 0);
    }
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) return fail("usage: sqlite|postgres PATH|SCHEMA OWNER LEASE_MS BATCH [hold]");
  const std::string kind = argv[1];
  sluice::SchedulerConfig config;
  if (kind == "sqlite") {
    config.sqlite_path = argv[2];
  } else if (kind == "postgres") {
    config.store = sluice::RunStoreKind::kPostgres;
    config.postgres.dsn_env = "SLUICE_RUN_STORE_DSN";
    config.postgres.schema = argv[2];
  } else {
    return fail("unknown store " + kind);
  }
  auto store = sluice::schedule::make_run_store(config, "");
  if (!store.ok()) return fail(store.status().to_string());
  if (auto s = (*store)->open(); !s.ok()) return fail(s.to_string());
  const bool hold = argc > 6 && std::string(argv[6]) == "hold";
  return claim_loop(**store, argv[3], std::atoll(argv[4]), std::atoi(argv[5]), hold);
}
