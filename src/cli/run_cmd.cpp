// `sluice run`: the whole embedded pipeline in one process: ingest on an interval, the
// processor, and the HTTP server, with a progress line every few seconds. Ctrl-C stops ingest
// between pages, drains the processor, commits and exits 0.
#include <fmt/format.h>
#include <prometheus/counter.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <thread>

#include "cli/commands.h"
#include "cli/pipeline_parts.h"
#include "cli/stop_signal.h"
#include "ingest/ingest_run.h"
#include "process/processor.h"
#include "quality/describe.h"
#include "serve/http_server.h"

namespace sluice::cli {
namespace {

struct Options {
  std::string config;
  bool once = false;
  int progress_ms = 2000;
};

// What the ingest thread shares with the progress line and /api/v1/status.
struct IngestState {
  std::atomic<int64_t> fetched{0};
  std::atomic<int64_t> published{0};
  std::atomic<int64_t> runs{0};
  std::atomic<int64_t> failed_runs{0};
  std::mutex mutex;
  std::string last_error;
  std::string cursor;
};

void ingest_loop(PipelineParts& parts, LogWriter& writer, Source& source, Mapper& mapper,
                 IngestState& state, const std::atomic<bool>& stop, bool once) {
  Ingestor ingestor(&source, &mapper, &writer);
  // Count per page, not per run, so progress moves while a long run is under way.
  ingestor.set_observer([&state](const SourceBatch& batch) {
    state.fetched += static_cast<int64_t>(batch.records.size());
  });
  auto& runs = prometheus::BuildCounter()
                   .Name("sluice_ingest_runs_total")
                   .Help("Ingest runs by result")
                   .Register(*parts.registry);
  auto& ok_runs = runs.Add({{"pipeline", parts.config.name}, {"result", "ok"}});
  auto& failed = runs.Add({{"pipeline", parts.config.name}, {"result", "failed"}});
  auto& records = prometheus::BuildCounter()
                      .Name("sluice_ingest_records_total")
                      .Help("Records published to the log by ingest")
                      .Register(*parts.registry)
                      .Add({{"pipeline", parts.config.name}, {"stage", "ingest"}});
  auto& retries = prometheus::BuildCounter()
                      .Name("sluice_ingest_retries_total")
                      .Help("Source requests retried after a failure")
                      .Register(*parts.registry)
                      .Add({{"pipeline", parts.config.name}, {"stage", "ingest"}});
  while (!stop.load()) {
    // Backpressure: a log that the processor is far behind on gets no more until it catches up.
    if (parts.probe->lag.load() > parts.config.process.max_lag_records) {
      wait_for(100, stop);
      continue;
    }
    // interval_ms is start to start, as a schedule: a run that took longer starts the next
    // one at once, without bunching up the missed ones.
    const auto next_start = std::chrono::steady_clock::now() +
                            std::chrono::milliseconds(parts.config.source.interval_ms);
    auto summary = ingestor.run_once(stop);
    ++state.runs;
    if (summary.ok()) {
      ok_runs.Increment();
      records.Increment(static_cast<double>(summary->published));
      retries.Increment(static_cast<double>(summary->retries));
      state.published += summary->published;
      std::lock_guard lock(state.mutex);
      state.cursor = summary->cursor_after;
    } else {
      failed.Increment();
      ++state.failed_runs;
      spdlog::warn("ingest run failed (the next run retries from the stored cursor): {}",
                   summary.status().to_string());
      std::lock_guard lock(state.mutex);
      state.last_error = summary.status().to_string();
    }
    if (once) return;
    wait_until(next_start, stop);
  }
}

std::string status_json(PipelineParts& parts, IngestState& state) {
  std::string rules;
  const auto ids = rule_ids(parts.config);
  for (size_t i = 0; i < ids.size(); ++i) {
    rules += fmt::format("{}\"{}\":{}", i == 0 ? "" : ",", ids[i], parts.probe->rule_failures(i));
  }
  std::lock_guard lock(state.mutex);
  std::string error;
  append_json_string(state.last_error, &error);
  std::string cursor;
  append_json_string(state.cursor, &cursor);
  return fmt::format(
      R"({{"pipeline":"{}","sink":"{}","fetched":{},"published":{},"stored":{},)"
      R"("quarantined":{},"processed":{},"lag":{},"ingest_runs":{},"failed_ingest_runs":{},)"
      R"("cursor":{},"last_error":{},"rule_failures":{{{}}}}})",
      parts.config.name, parts.config.sink.path, state.fetched.load(), state.published.load(),
      parts.probe->stored.load(), parts.probe->quarantined.load(), parts.probe->records.load(),
      parts.probe->lag.load(), state.runs.load(), state.failed_runs.load(), cursor, error, rules);
}

int run_pipeline(const Options& opts) {
  auto& stop = install_stop_signal();
  auto parts_or = open_pipeline_parts(load_config(opts.config));
  if (!parts_or.ok()) {
    spdlog::error("{}", parts_or.status().to_string());
    return kExitFailure;
  }
  PipelineParts& parts = **parts_or;
  auto source = make_source(parts.config.source);
  auto mapper = Mapper::compile(parts.config.fields, parts.schema);
  auto writer = parts.log->open_writer();
  auto consumer = parts.log->open_consumer(parts.config.process.group);
  for (const Status* s :
       {&source.status(), &mapper.status(), &writer.status(), &consumer.status()}) {
    if (!s->ok()) {
      spdlog::error("{}", s->to_string());
      return kExitFailure;
    }
  }

  IngestState state;
  HttpServer server(parts.config.serve.listen, parts.registry,
                    [&] { return status_json(parts, state); });
  if (Status s = server.start(); !s.ok()) {
    spdlog::error("{}", s.to_string());
    return kExitFailure;
  }
  server.set_ready(true);
  fmt::print(
      "sluice run: pipeline '{}'\n  dashboard  http://{}/\n  metrics    http://{}/metrics\n"
      "  data       {} (tables created_users, quarantine)\n  log        {}\n"
      "Ctrl-C stops cleanly.\n",
      parts.config.name, parts.config.serve.listen, parts.config.serve.listen,
      parts.config.sink.path, parts.config.log.dir);
  std::fflush(stdout);

  std::atomic<bool> ingest_done{false};
  std::atomic<bool> stop_processing{false};
  Status process_status;
  Processor processor(parts.config, consumer->get(), parts.sink.get(), parts.probe.get());
  std::atomic<bool> processor_finished{false};
  std::thread process_thread([&] {
    process_status = processor.run(stop_processing, {.idle_exit = &ingest_done});
    if (!process_status.ok()) stop = true;  // without a processor there is nothing to run
    processor_finished = true;
  });
  std::thread ingest_thread([&] {
    ingest_loop(parts, **writer, **source, *mapper, state, stop, opts.once);
    ingest_done = true;
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
    fmt::print("fetched {} | stored {} | quarantined {} | lag {} | {:.0f} records/s\n",
               state.fetched.load(), parts.probe->stored.load(), parts.probe->quarantined.load(),
               parts.probe->lag.load(), static_cast<double>(done - last_done) / seconds);
    std::fflush(stdout);
    last = now;
    last_done = done;
  }
  ingest_thread.join();
  if (!opts.once || stop.load()) stop_processing = true;
  process_thread.join();
  server.stop();
  print_process_summary(parts);
  if (!process_status.ok()) {
    spdlog::error("processor stopped: {}", process_status.to_string());
    return kExitFailure;
  }
  if (opts.once && state.failed_runs.load() > 0) return kExitFailure;
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
