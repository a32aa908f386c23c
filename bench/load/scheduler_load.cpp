// scheduler_load: the scheduler end to end under load (docs/benchmarks.md, "Scheduler").
// N workflows of T tasks each on `@every P`, a real run store (a fresh SQLite file, or a fresh
// schema in PostgreSQL), the real clock, and an in-process executor that does nothing, so that
// what is measured is the scheduler and its store, not fork(). Reports task instances started
// per second and the start delay (from an attempt's due time to its executor being called)
// over the measured window, as text and as one JSON line.
//
//   scheduler_load [--store sqlite|postgres] [--dsn CONNINFO] [--workflows 1000] [--tasks 10]
//                  [--every 1s] [--shape parallel|chain] [--seconds 30] [--warmup 5]
//                  [--parallelism 256] [--dir /tmp/...] [--json FILE]
#include <fmt/format.h>
#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "schedule/runner/scheduler.h"
#include "schedule/store/postgres/pg_run_store.h"
#include "schedule/store/sqlite/sqlite_run_store.h"
#include "schedule/workflow_loader.h"

namespace sluice {
namespace {

struct Options {
  std::string store = "sqlite";
  std::string dsn = "host=127.0.0.1 port=5432 dbname=sluice user=postgres";
  int workflows = 1000;
  int tasks = 10;
  std::string every = "1s";
  std::string shape = "parallel";
  int seconds = 30;
  int warmup = 5;
  int parallelism = 256;
  std::string dir;
  std::string json;
};

// Counts the attempts it is handed and how late each one starts; does nothing else.
class NoopExecutor : public schedule::TaskExecutor {
 public:
  Status run(const schedule::TaskAttempt& attempt, schedule::AttemptLog&,
             const std::atomic<bool>&) override {
    const int64_t now = now_ms();
    if (measuring_) {
      std::lock_guard lock(mu_);
      delays_.push_back(now - attempt.due_ms);
    }
    return Status::ok_status();
  }
  void measure(bool on) { measuring_ = on; }
  std::vector<int64_t> delays() {
    std::lock_guard lock(mu_);
    return delays_;
  }

 private:
  std::atomic<bool> measuring_{false};
  std::mutex mu_;
  std::vector<int64_t> delays_;
};

std::string workflows_yaml(const Options& o) {
  std::string yaml =
      "pipeline: bench\n"
      "source: {http: {url: 'http://127.0.0.1:1/api/'}}\n"
      "schema: {key: k, fields: [{name: k, from: k}]}\n"
      "workflows:\n";
  for (int w = 0; w < o.workflows; ++w) {
    yaml += fmt::format("  - name: w{:05}\n    schedule: '@every {}'\n    tasks:\n", w, o.every);
    for (int t = 0; t < o.tasks; ++t) {
      yaml += fmt::format("      - {{name: t{}, kind: shell, command: 'true'", t);
      if (o.shape == "chain" && t > 0) yaml += fmt::format(", after: t{}", t - 1);
      yaml += "}\n";
    }
  }
  return yaml;
}

int64_t quantile(std::vector<int64_t>& sorted, double q) {
  if (sorted.empty()) return 0;
  const auto index = static_cast<size_t>(q * static_cast<double>(sorted.size() - 1));
  return sorted[index];
}

bool parse(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) {
      fmt::print(stderr, "scheduler_load: {} needs a value\n", arg);
      return false;
    }
    const std::string value = argv[++i];
    if (arg == "--store") {
      o->store = value;
    } else if (arg == "--dsn") {
      o->dsn = value;
    } else if (arg == "--workflows") {
      o->workflows = std::stoi(value);
    } else if (arg == "--tasks") {
      o->tasks = std::stoi(value);
    } else if (arg == "--every") {
      o->every = value;
    } else if (arg == "--shape") {
      o->shape = value;
    } else if (arg == "--seconds") {
      o->seconds = std::stoi(value);
    } else if (arg == "--warmup") {
      o->warmup = std::stoi(value);
    } else if (arg == "--parallelism") {
      o->parallelism = std::stoi(value);
    } else if (arg == "--dir") {
      o->dir = value;
    } else if (arg == "--json") {
      o->json = value;
    } else {
      fmt::print(stderr, "scheduler_load: unknown option {}\n", arg);
      return false;
    }
  }
  if (o->store != "sqlite" && o->store != "postgres") {
    fmt::print(stderr, "scheduler_load: --store is sqlite or postgres\n");
    return false;
  }
  return true;
}

std::unique_ptr<schedule::RunStore> make_store(const Options& o, const std::string& tag) {
  if (o.store == "postgres") {
    // A schema of its own per run, so that runs start from empty tables.
    return std::make_unique<schedule::PgRunStore>(schedule::PgConnectParams{{"dbname", o.dsn}},
                                                  "scheduler_load_" + tag);
  }
  return std::make_unique<schedule::SqliteRunStore>(o.dir + "/scheduler.db");
}

// The run's schema in the shared server goes with the run.
void drop_schema(const Options& o, const std::string& tag) {
  PGconn* conn = PQconnectdb(o.dsn.c_str());
  if (PQstatus(conn) == CONNECTION_OK) {
    PQclear(PQexec(conn, "SET client_min_messages TO warning"));
    const std::string sql = "DROP SCHEMA IF EXISTS scheduler_load_" + tag + " CASCADE";
    PQclear(PQexec(conn, sql.c_str()));
  }
  PQfinish(conn);
}

int run(const Options& o) {
  const std::string tag = std::to_string(now_ms());
  Options opts = o;
  if (opts.dir.empty()) opts.dir = "/tmp/sluice_scheduler_load_" + tag;
  std::filesystem::create_directories(opts.dir);
  auto loaded = load_config_and_workflows_from_string(workflows_yaml(opts), "bench.yaml");
  auto store = make_store(opts, tag);
  if (Status s = store->open(); !s.ok()) {
    fmt::print(stderr, "scheduler_load: {}\n", s.to_string());
    return 1;
  }
  NoopExecutor executor;
  schedule::SchedulerOptions options;
  options.owner = "bench";
  options.parallelism = opts.parallelism;
  schedule::Scheduler scheduler(
      loaded.workflows, *store, executor, [] { return now_ms(); }, options);
  spdlog::set_level(spdlog::level::warn);  // a line per attempt would measure the terminal
  std::atomic<bool> stop{false};
  std::thread loop([&] { scheduler.run(stop); });
  std::this_thread::sleep_for(std::chrono::seconds(opts.warmup));
  executor.measure(true);
  const auto begin = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(opts.seconds));
  executor.measure(false);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  stop = true;
  loop.join();

  std::vector<int64_t> delays = executor.delays();
  std::sort(delays.begin(), delays.end());
  const double rate = static_cast<double>(delays.size()) / seconds;
  const int64_t p50 = quantile(delays, 0.5);
  const int64_t p99 = quantile(delays, 0.99);
  const int64_t max = delays.empty() ? 0 : delays.back();
  fmt::print(
      "store {} | {} workflows x {} tasks ({}) every {} | parallelism {}\n"
      "task instances started: {} in {:.1f} s = {:.0f}/s\n"
      "start delay (ms): p50 {} | p99 {} | max {}\n",
      opts.store, opts.workflows, opts.tasks, opts.shape, opts.every, opts.parallelism,
      delays.size(), seconds, rate, p50, p99, max);
  const std::string json = fmt::format(
      R"({{"store":"{}","workflows":{},"tasks":{},"shape":"{}","every":"{}","parallelism":{},)"
      R"("seconds":{:.1f},"instances":{},"per_second":{:.0f},"delay_ms_p50":{},)"
      R"("delay_ms_p99":{},"delay_ms_max":{}}})",
      opts.store, opts.workflows, opts.tasks, opts.shape, opts.every, opts.parallelism, seconds,
      delays.size(), rate, p50, p99, max);
  fmt::print("{}\n", json);
  if (!opts.json.empty()) std::ofstream(opts.json) << json << "\n";
  if (o.dir.empty()) std::filesystem::remove_all(opts.dir);
  store.reset();
  if (opts.store == "postgres") drop_schema(opts, tag);
  return 0;
}

}  // namespace
}  // namespace sluice

int main(int argc, char** argv) {
  sluice::Options options;
  if (!sluice::parse(argc, argv, &options)) return 2;
  try {
    return sluice::run(options);
  } catch (const std::exception& e) {
    fmt::print(stderr, "scheduler_load: {}\n", e.what());
    return 2;
  }
}
