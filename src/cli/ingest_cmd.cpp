// `sluice ingest`: fetch from the source and publish to the log (docs/architecture.md, "Flow"
// and "Delivery contract"), or, with --dry-run, fetch and judge every record without storing
// anything. With --listen it serves /metrics, /readyz, /healthz and /api/v1/status there, as
// `sluice process --listen` does.
#include <fmt/format.h>
#include <prometheus/registry.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/commands.h"
#include "cli/pipeline_compile.h"
#include "cli/pipeline_parts.h"
#include "cli/stop_signal.h"
#include "core/config.h"
#include "core/health.h"
#include "core/json_escape.h"
#include "core/log_context.h"
#include "ingest/dry_run_check.h"
#include "ingest/ingest_loop.h"
#include "ingest/ingest_run.h"
#include "ingest/probe.h"
#include "ingest/source.h"
#include "log/log.h"
#include "log/probe.h"
#include "quality/judge.h"
#include "serve/api_access.h"
#include "serve/http_server.h"
#include "transform/mapper.h"

namespace sluice::cli {
namespace {

struct IngestOptions {
  std::string config;
  bool once = false;
  bool dry_run = false;
  int sample = 10;
  std::string verdicts_out;
  std::optional<std::string> cursor;
  std::string listen;
};

// The body of /api/v1/status for an ingest alone.
std::string ingest_status_json(const std::string& pipeline, const IngestProbe& probe) {
  std::string out = R"({"pipeline":)";
  append_json_string(pipeline, &out);
  out += fmt::format(R"(,"fetched":{},"published":{},"ingest_runs":{},"failed_ingest_runs":{},)",
                     probe.fetched.load(), probe.published.load(), probe.runs.load(),
                     probe.failed_runs.load());
  out += R"("cursor":)";
  append_json_string(probe.cursor(), &out);
  out += R"(,"last_error":)";
  append_json_string(probe.last_error(), &out);
  return out + "}";
}

void print_run(const IngestSummary& s, bool dry_run) {
  std::printf(
      "%s %lld batches, %lld records fetched, %lld %s, %lld rejected early; "
      "%lld requests, %lld retries; cursor '%s' -> '%s'%s\n",
      dry_run ? "dry run:" : "ingest:", static_cast<long long>(s.batches),
      static_cast<long long>(s.fetched), static_cast<long long>(dry_run ? s.fetched : s.published),
      dry_run ? "checked (nothing published)" : "published",
      static_cast<long long>(s.rejected_early), static_cast<long long>(s.requests),
      static_cast<long long>(s.retries), s.cursor_before.c_str(), s.cursor_after.c_str(),
      s.reached_end ? " (reached an empty page)" : "");
}

void print_checks(const DryRunSummary& summary, const std::vector<CheckedRecord>& sample,
                  int64_t failures_total) {
  std::printf("records %lld, valid %lld, invalid %lld\n", static_cast<long long>(summary.records),
              static_cast<long long>(summary.valid), static_cast<long long>(summary.invalid));
  for (size_t i = 0; i < summary.reason_ids.size(); ++i) {
    std::printf("  %-18s %lld failed\n", summary.reason_ids[i].c_str(),
                static_cast<long long>(summary.failures[i]));
  }
  if (sample.empty()) return;
  std::printf("first %zu of %lld invalid records:\n", sample.size(),
              static_cast<long long>(failures_total));
  for (const auto& r : sample) {
    std::printf("  page %lld #%lld key %s\n", static_cast<long long>(r.page),
                static_cast<long long>(r.index),
                r.key_present ? nlohmann::json(r.key).dump().c_str() : "null");
    for (size_t i = 0; i < r.failed.size(); ++i) {
      std::printf("    %s: %s\n", r.failed[i].c_str(), r.messages[i].c_str());
    }
  }
}

// Where a dry run starts: --cursor, else the log's stored cursor when the log can be opened,
// else the beginning. Read through Log::read_cursor(), never a writer: on Kafka a writer takes
// the pipeline's transactional.id and would fence an ingest running meanwhile.
std::string dry_run_cursor(const PipelineConfig& config, const IngestOptions& options) {
  if (options.cursor) return *options.cursor;
  auto log = make_log(config.log);
  auto cursor = log.ok() ? (*log)->read_cursor() : log.status();
  if (cursor.ok()) return *cursor;
  spdlog::info("dry run: no stored cursor available ({}); starting from the beginning",
               cursor.status().to_string());
  return "";
}

int run_ingest(const IngestOptions& options) {
  auto& stop = install_stop_signal();
  const PipelineConfig config = load_pipeline_config(options.config);  // throws: exit 2
  const ScopedLogContext context(config.name, "ingest");
  const Schema schema = config.schema();
  auto mapper = Mapper::compile(config.fields, schema);  // keys the records it publishes
  auto judge = Judge::compile(config);
  auto source = make_source(config.source);
  for (const Status* s : {&mapper.status(), &judge.status(), &source.status()}) {
    if (!s->ok()) {
      std::fprintf(stderr, "sluice ingest: %s: %s\n", options.config.c_str(),
                   s->to_string().c_str());
      return kExitUsage;
    }
  }

  // Before the log: its last flush on close still counts in them.
  auto registry = std::make_shared<prometheus::Registry>();
  LogProbe log_probe(*registry, config.name);
  std::unique_ptr<Log> log;
  std::unique_ptr<LogWriter> writer;
  if (!options.dry_run) {
    auto opened = make_log(config.log);
    if (opened.ok()) (*opened)->set_probe(&log_probe);
    auto opened_writer = opened.ok() ? (*opened)->open_writer() : opened.status();
    if (!opened_writer.ok()) {
      spdlog::error("opening the log: {}", opened_writer.status().to_string());
      return kExitFailure;
    }
    log = std::move(opened).value();
    writer = std::move(opened_writer).value();
  }

  std::FILE* verdicts = nullptr;
  if (!options.verdicts_out.empty()) {
    verdicts = std::fopen(options.verdicts_out.c_str(), "w");
    if (verdicts == nullptr) {
      std::fprintf(stderr, "sluice ingest: cannot write %s: %s\n", options.verdicts_out.c_str(),
                   std::strerror(errno));
      return kExitFailure;
    }
  }
  // Dry runs judge each batch; verdicts and samples come from there.
  DryRunCheck check(judge->get());
  std::vector<CheckedRecord> sample;
  int64_t invalid = 0;
  const std::string& key_name = schema.key_name();
  check.set_record_callback([&](const CheckedRecord& r) {
    if (verdicts != nullptr) {
      nlohmann::json line = {{"page", r.page},
                             {"index", r.index},
                             {key_name, r.key_present ? nlohmann::json(r.key) : nullptr},
                             {"failed", r.failed}};
      std::fprintf(verdicts, "%s\n", line.dump().c_str());
    }
    if (r.failed.empty()) return;
    ++invalid;
    if (static_cast<int>(sample.size()) < options.sample) sample.push_back(r);
  });

  Ingestor ingestor(source->get(), &mapper.value(), writer.get());
  IngestLoopOptions loop{.interval_ms = config.source.interval_ms, .once = options.once};
  if (options.dry_run) {
    ingestor.set_dry_run_cursor(dry_run_cursor(config, options));
    loop.on_batch = [&check](const SourceBatch& batch) { check.check(batch); };
  }
  loop.on_run = [&](const Result<IngestSummary>& run) {
    if (!run.ok()) {
      // A log event (JSON with --log-format json), like the retries that led to it.
      spdlog::error("ingest run failed: {}", run.status().to_string());
      return;
    }
    print_run(*run, options.dry_run);
    // A dry run keeps its place between runs; a real one resumes from the log's cursor.
    if (options.dry_run) ingestor.set_dry_run_cursor(run->cursor_after);
  };
  IngestProbe probe(*registry, config.name);
  // Served only with --listen; otherwise `sluice ingest` reports on stdout and the probe
  // keeps the counts all the same.
  Health health;
  std::unique_ptr<HttpServer> server;
  if (!options.listen.empty()) {
    auto access = api_access(config.serve);
    if (!access.ok()) {
      spdlog::error("{}", access.status().to_string());
      return kExitFailure;
    }
    server = std::make_unique<HttpServer>(
        options.listen, *access, registry, [&] { return ingest_status_json(config.name, probe); },
        &health);
    for (const auto& c : scrape_metrics(config, log.get()))
      server->add_collectable(c);
    if (Status s = server->start(); !s.ok()) {
      spdlog::error("{}", s.to_string());
      return kExitFailure;
    }
    spdlog::info("ingest: metrics and readiness on http://{}/ (/api/ token: {})", options.listen,
                 access->token_source);
  }
  health.started();
  int exit_code = run_ingest_loop(ingestor, probe, loop, stop) == 0 ? kExitOk : kExitFailure;
  if (server) server->stop();

  if (options.dry_run) print_checks(check.summary(), sample, invalid);
  if (verdicts != nullptr && std::fclose(verdicts) != 0) {
    std::fprintf(stderr, "sluice ingest: writing %s failed\n", options.verdicts_out.c_str());
    exit_code = kExitFailure;
  }
  return exit_code;
}

}  // namespace

void add_ingest_command(CLI::App& app, CommandRun* run) {
  auto* sub = app.add_subcommand("ingest", "Fetch from the source, check, and publish to the log");
  auto options = std::make_shared<IngestOptions>();
  sub->add_option("--config", options->config, "Pipeline config file")->required();
  sub->add_flag("--once", options->once,
                "One run (up to the configured pages per run), then exit; "
                "otherwise a run every source.interval_ms until SIGTERM");
  sub->add_flag("--dry-run", options->dry_run,
                "Fetch and judge every record with the rules, publish nothing");
  sub->add_option("--sample", options->sample, "Invalid records to show after a dry run")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--verdicts-out", options->verdicts_out,
                  "Dry run: write one JSON line per record {page, index, <key>, failed}");
  sub->add_option("--listen", options->listen,
                  "Serve /metrics, /readyz and /api/v1/status on HOST:PORT (default: none)");
  sub->add_option("--cursor", options->cursor,
                  "Dry run: start here (e.g. page=3) instead of the log's stored cursor");
  sub->callback([run, options] {
    *run = [options] {
      if (!options->verdicts_out.empty() && !options->dry_run) {
        std::fprintf(stderr, "sluice ingest: --verdicts-out needs --dry-run\n");
        return kExitUsage;
      }
      return run_ingest(*options);
    };
  });
}

}  // namespace sluice::cli
