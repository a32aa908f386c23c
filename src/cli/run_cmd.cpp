// `sluice run`: the whole embedded pipeline in one process: ingest on an interval, the
// processor, the HTTP server (with the workflow REST API), and the scheduler when the config has
// workflows (its pipeline tasks on this pipeline use what is open here: pipeline_tasks.h), with
// a progress line every few seconds. Ctrl-C stops ingest between pages, drains the processor,
// commits and exits 0.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>

#include "cli/commands.h"
#include "cli/dashboard_api.h"
#include "cli/describe_config.h"
#include "cli/pipeline_compile.h"
#include "cli/pipeline_parts.h"
#include "cli/pipeline_tasks.h"
#include "cli/processor_pause.h"
#include "cli/stop_signal.h"
#include "cli/workflow_cli.h"
#include "core/clock.h"
#include "core/log_context.h"
#include "ingest/ingest_loop.h"
#include "ingest/ingest_run.h"
#include "ingest/probe.h"
#include "process/ingest_hold.h"
#include "process/processor.h"
#include "quality/describe.h"
#include "serve/api_access.h"
#include "serve/http_server.h"

namespace sluice::cli {
namespace {

struct Options {
  std::string config;
  bool once = false;
  int progress_ms = 2000;
};

// The ingest thread: a run every source.interval_ms, paused while the processor is far behind.
// `run_lock` is shared with the workflow's ingest tasks (pipeline_tasks.h).
void ingest_loop(PipelineParts& parts, LogWriter& writer, Source& source, Mapper& mapper,
                 IngestProbe& probe, std::mutex* run_lock, IngestHold* hold,
                 const std::atomic<bool>& stop, bool once) {
  Ingestor ingestor(&source, &mapper, &writer);
  IngestLoopOptions loop{.interval_ms = parts.config.source.interval_ms, .once = once};
  loop.run_lock = run_lock;
  // Backpressure: a log that the processor is far behind on gets no more until it catches up.
  loop.hold = [hold] { return (*hold)(); };
  loop.on_run = [&parts](const Result<IngestSummary>& run) {
    const StatusCode code = run.status().code();
    // A source or log that is away for now, or a log whose disk refuses writes (full,
    // failing: the log undoes the failed publish at the next one), makes the pipeline wait
    // (and /readyz say so); any other failure is only logged, and the next run tries again
    // all the same.
    const bool away = code == StatusCode::kUnavailable || code == StatusCode::kTimeout ||
                      code == StatusCode::kIoError;
    parts.health.report("ingest", away ? run.status().message() : "");
    if (!run.ok()) {
      spdlog::warn("ingest run failed (the next run retries from the stored cursor): {}",
                   run.status().to_string());
    }
  };
  run_ingest_loop(ingestor, probe, loop, stop);
}

int run_pipeline(const Options& opts) {
  auto& stop = install_stop_signal();
  auto parts_or = open_pipeline_parts(load_pipeline_config(opts.config));
  if (!parts_or.ok()) {
    spdlog::error("{}", parts_or.status().to_string());
    return kExitFailure;
  }
  PipelineParts& parts = **parts_or;
  auto source = make_source(parts.config.source);
  auto mapper = Mapper::compile(parts.config.fields, parts.schema);
  if (!source.ok() || !mapper.ok()) {  // the config is at fault, as in sluice ingest
    spdlog::error("{}", (!source.ok() ? source.status() : mapper.status()).to_string());
    return kExitUsage;
  }
  // A batch job ends with an error on a full disk rather than wait for room (a long-running
  // pipeline waits, and goes on by itself once there is room).
  if (opts.once) parts.sink->fail_fast();
  auto writer = parts.log->open_writer();
  auto consumer = parts.log->open_consumer(parts.config.process.group);
  for (const Status* s : {&writer.status(), &consumer.status()}) {
    if (!s->ok()) {
      spdlog::error("{}", s->to_string());
      return kExitFailure;
    }
  }

  IngestProbe ingest(*parts.registry, parts.config.name);
  auto access = api_access(parts.config.serve);
  if (!access.ok()) {
    spdlog::error("{}", access.status().to_string());
    return kExitFailure;
  }
  // One backpressure bound for the interval loop and workflow ingest tasks
  // (process.max_lag_records); its last look is also the status's `unstored`.
  IngestHold hold(parts.log.get(), parts.config.process.group, parts.probe.get(),
                  parts.config.process.max_lag_records);
  prometheus::Gauge& unstored = unstored_records_gauge(*parts.registry, parts.config.name);
  HttpServer server(
      parts.config.serve.listen, *access, parts.registry,
      [&] { return status_json(parts, &ingest, &hold); }, &parts.health);
  for (const auto& c : parts.collectables)
    server.add_collectable(c);
  add_dashboard_api(server, *parts.sink);
  // The workflow REST API (404 saying so when the config declares no workflows).
  auto workflow_api = mount_workflow_api(opts.config, server);
  if (!workflow_api.ok()) {
    spdlog::error("{}", workflow_api.status().to_string());
    return kExitFailure;
  }
  if (Status s = server.start(); !s.ok()) {
    spdlog::error("{}", s.to_string());
    return kExitFailure;
  }
  parts.health.started();
  // The one place the token is shown (as Jupyter does): on stdout, for whoever started the run
  // to open; never in a log event (docs/operations.md, "Security").
  fmt::print(
      "sluice run: pipeline '{}'\n  dashboard  http://{}/?token={}\n  metrics    "
      "http://{}/metrics\n"
      "  sink       {} (tables created_users, quarantine)\n  log        {}\n"
      "Ctrl-C stops cleanly.\n",
      parts.config.name, parts.config.serve.listen, access->token, parts.config.serve.listen,
      describe_sink(parts.config.sink), describe_log(parts.config.log));
  std::fflush(stdout);

  std::atomic<bool> ingest_done{false};
  ProcessorPause processor_gate;  // a workflow's replay takes the group for a while
  Status process_status;
  std::atomic<bool> processor_finished{false};
  std::thread process_thread([&] {
    const ScopedLogContext context(parts.config.name, "process");
    std::unique_ptr<LogConsumer> member = std::move(*consumer);
    do {  // once, and again after each replay that paused it, with a new member
      if (member == nullptr) {
        auto rejoined = parts.log->open_consumer(parts.config.process.group);
        if (!rejoined.ok()) {
          process_status = rejoined.status();
          break;
        }
        member = std::move(rejoined).value();
      }
      Processor processor(parts.config, member.get(), parts.sink.get(), parts.probe.get());
      process_status = processor.run(processor_gate.halt(),
                                     {.idle_exit = &ingest_done, .health = &parts.health});
      member.reset();
    } while (process_status.ok() && processor_gate.wait_to_resume());
    processor_gate.finished();
    if (!process_status.ok()) stop = true;  // without a processor there is nothing to run
    processor_finished = true;
  });
  std::mutex ingest_lock;  // one ingest run at a time: the interval loop's or a workflow task's
  std::thread ingest_thread([&] {
    const ScopedLogContext context(parts.config.name, "ingest");
    ingest_loop(parts, **writer, **source, *mapper, ingest, &ingest_lock, &hold, stop, opts.once);
    ingest_done = true;
  });
  // The scheduler role, when the config has workflows (not with --once: a batch job of one
  // ingest run has no schedule to keep). Its pipeline tasks on this config use what is open
  // here: the embedded log takes one writer, and a replay needs the processor out of the way.
  const HostedPipeline hosted{.config = opts.config,
                              .parts = &parts,
                              .writer = writer->get(),
                              .source = source->get(),
                              .mapper = &*mapper,
                              .probe = &ingest,
                              .ingest_lock = &ingest_lock,
                              .hold = &hold,
                              .processor = &processor_gate};
  std::thread scheduler_thread;
  if (!opts.once && !load_pipeline_and_workflows(opts.config).workflows.empty()) {
    scheduler_thread = std::thread([&] {
      const ScopedLogContext context(parts.config.name, "scheduler");
      if (run_scheduler(opts.config, 4, stop, parts.registry, &hosted) != kExitOk) stop = true;
    });
  }

  // `unstored` (status, /metrics, progress) is looked up every progress tick, whatever ingest
  // does, on a thread of its own: on Kafka a look can wait out a broker's outage.
  std::thread unstored_thread([&] {
    while (!stop.load() && !processor_finished.load()) {
      unstored.Set(static_cast<double>(hold.look()));
      wait_for(opts.progress_ms, stop, &processor_finished);
    }
  });

  // Progress until stopped (or, with --once, until the processor has stored what ingest got).
  auto last = std::chrono::steady_clock::now();
  int64_t last_done = 0;
  while (!stop.load()) {
    // Wakes early when the processor ends (with --once it does so on its own once ingest is
    // done and everything is stored), so that the run ends when its work does.
    wait_for(opts.progress_ms, stop, &processor_finished);
    if (processor_finished.load()) break;
    auto now = std::chrono::steady_clock::now();
    int64_t done = parts.probe->records.load();
    double seconds = std::chrono::duration<double>(now - last).count();
    fmt::print(
        "fetched {} | stored {} | quarantined {} | lag {} | unstored {} | {:.0f} records/s\n",
        ingest.fetched.load(), parts.probe->stored.load(), parts.probe->quarantined.load(),
        parts.probe->lag.load(), hold.uncommitted(),
        static_cast<double>(done - last_done) / seconds);
    std::fflush(stdout);
    last = now;
    last_done = done;
  }
  ingest_thread.join();
  unstored_thread.join();
  if (scheduler_thread.joinable()) scheduler_thread.join();
  if (!opts.once || stop.load()) processor_gate.stop();
  process_thread.join();
  server.stop();
  print_process_summary(parts);
  std::fflush(stdout);  // before the error on stderr: the error is the output's last line
  if (!process_status.ok()) {
    spdlog::error("processor stopped: {}", process_status.to_string());
    return kExitFailure;
  }
  if (opts.once && ingest.failed_runs.load() > 0) return kExitFailure;
  return kExitOk;
}

}  // namespace

void add_run_command(CLI::App& app, CommandRun* run) {
  auto opts = std::make_shared<Options>();
  auto* sub = app.add_subcommand("run", "Run the whole embedded pipeline in one process");
  sub->add_option("--config", opts->config, "Pipeline config file")->required();
  sub->add_flag("--once", opts->once,
                "One ingest run, then process until caught up and exit (for batch jobs, tests)");
  sub->add_option("--progress-ms", opts->progress_ms, "How often to print progress")
      ->capture_default_str()
      ->check(CLI::Range(100, 3600000));
  sub->callback([run, opts] { *run = [opts] { return run_pipeline(*opts); }; });
}

}  // namespace sluice::cli
