#include "cli/pipeline_parts.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>

#include "cli/describe_config.h"
#include "core/json_escape.h"
#include "log/log_metrics.h"
#include "serve/data_dir_metrics.h"
#include "sink/dead_letter/kafka_dead_letters.h"

namespace sluice::cli {

std::vector<std::string> rule_ids(const PipelineConfig& config) {
  std::vector<std::string> ids;
  ids.reserve(config.rules.size());
  for (const auto& r : config.rules)
    ids.push_back(r.id);
  return ids;
}

namespace {

std::string json_text(std::string_view text) {
  std::string out;
  append_json_string(text, &out);
  return out;
}

// "partition_offsets":[{partition, assigned, position, committed, end_offset, lag}] (-1 where
// this worker does not know yet) for the dashboard's partitions table.
std::string partition_offsets_json(const ProcessProbe& probe) {
  std::string out;
  for (const PartitionView& p : probe.partitions()) {
    out += fmt::format(
        R"({}{{"partition":{},"assigned":{},"position":{},"committed":{},"end_offset":{},)"
        R"("lag":{}}})",
        out.empty() ? "" : ",", p.partition, p.assigned ? "true" : "false", p.position, p.committed,
        p.end_offset(), p.lag);
  }
  return out;
}

// "latency_seconds":{p50, p99 (since start), buckets: [[upper bound, cumulative count]]}: the
// dashboard takes the difference of two reads' buckets for the latency of the last seconds.
std::string latency_json(const ProcessProbe& probe) {
  std::string buckets;
  for (const auto& [bound, count] : probe.latency_histogram()) {
    buckets +=
        fmt::format("{}[{},{}]", buckets.empty() ? "" : ",",
                    std::isinf(bound) ? std::string("null") : fmt::format("{}", bound), count);
  }
  return fmt::format(R"({{"p50":{},"p99":{},"buckets":[{}]}})", probe.latency_quantile(0.5),
                     probe.latency_quantile(0.99), buckets);
}

}  // namespace

// Every name (pipeline, sink, rule ids) goes through the JSON escaper: a pipeline called
// `a "b"` must still give valid JSON.
std::string status_json(const PipelineParts& parts, const IngestProbe* ingest,
                        const IngestHold* hold) {
  std::string rules;
  const auto ids = rule_ids(parts.config);
  for (size_t i = 0; i < ids.size(); ++i) {
    rules +=
        fmt::format("{}{}:{}", i == 0 ? "" : ",", json_text(ids[i]), parts.probe->rule_failures(i));
  }
  std::string ingest_fields;
  if (ingest != nullptr) {
    ingest_fields = fmt::format(
        R"("fetched":{},"published":{},"ingest_runs":{},"failed_ingest_runs":{},"cursor":{},)"
        R"("last_error":{},)",
        ingest->fetched.load(), ingest->published.load(), ingest->runs.load(),
        ingest->failed_runs.load(), json_text(ingest->cursor()), json_text(ingest->last_error()));
  }
  if (hold != nullptr) ingest_fields += fmt::format(R"("unstored":{},)", hold->uncommitted());
  const ProcessProbe& probe = *parts.probe;
  return fmt::format(
      R"({{"pipeline":{},"sink":{},{}"stored":{},"quarantined":{},"processed":{},"lag":{},)"
      R"("partitions":[{}],"partition_offsets":[{}],"latency_seconds":{},"ready":{},)"
      R"("health":{},"rule_failures":{{{}}}}})",
      json_text(parts.config.name), json_text(describe_sink(parts.config.sink)), ingest_fields,
      probe.stored.load(), probe.quarantined.load(), probe.records.load(), probe.lag.load(),
      fmt::join(probe.assigned(), ","), partition_offsets_json(probe), latency_json(probe),
      parts.health.ready() ? "true" : "false", json_text(parts.health.describe()), rules);
}

prometheus::Gauge& unstored_records_gauge(prometheus::Registry& registry,
                                          const std::string& pipeline) {
  return prometheus::BuildGauge()
      .Name("sluice_unstored_records")
      .Help(
          "Records published to the log and not yet stored by the processor's group (the "
          "log's ends less the group's committed offsets), as ingest last looked")
      .Register(registry)
      .Add({{"pipeline", pipeline}});
}

std::vector<std::shared_ptr<const prometheus::Collectable>> scrape_metrics(
    const PipelineConfig& config, const Log* log) {
  std::vector<std::shared_ptr<const prometheus::Collectable>> out = {
      std::make_shared<DataDirMetrics>(config.data_dir, config.name)};
  if (log != nullptr) out.push_back(std::make_shared<LogMetrics>(log, config.name));
  return out;
}

Result<std::unique_ptr<PipelineParts>> open_pipeline_parts(PipelineConfig config) {
  auto parts = std::make_unique<PipelineParts>();
  parts->config = std::move(config);
  parts->schema = parts->config.schema();
  parts->registry = std::make_shared<prometheus::Registry>();
  parts->log_probe = std::make_unique<LogProbe>(*parts->registry, parts->config.name);
  SLUICE_ASSIGN_OR_RETURN(parts->log, make_log(parts->config.log));
  parts->log->set_probe(parts->log_probe.get());
  SLUICE_ASSIGN_OR_RETURN(parts->sink, make_sink(parts->config.sink, parts->schema));
  if (parts->config.log.kind == LogKind::kKafka && !parts->config.log.dead_letter_topic.empty()) {
    parts->sink = std::make_unique<KafkaDeadLetters>(parts->config.log, std::move(parts->sink));
  }
  SLUICE_RETURN_IF_ERROR(parts->sink->open());
  parts->sink_metrics = std::make_shared<SinkMetrics>(
      parts->sink.get(), parts->config.name, std::string(kind_name(parts->config.sink.kind)));
  parts->collectables = scrape_metrics(parts->config, parts->log.get());
  parts->collectables.push_back(parts->sink_metrics);
  parts->probe = std::make_unique<ProcessProbe>(
      *parts->registry, parts->config.name, rule_ids(parts->config), parts->log->partition_count());
  return parts;
}

void print_process_summary(const PipelineParts& parts) {
  fmt::print("processed {} records this run: {} stored, {} quarantined\n",
             parts.probe->records.load(), parts.probe->stored.load(),
             parts.probe->quarantined.load());
  if (parts.probe->records.load() > 0) {
    const double seconds = parts.probe->seconds_since_first_poll();
    fmt::print("{:.3f} s from the first record read to the end: {:.0f} records/s\n", seconds,
               seconds > 0 ? static_cast<double>(parts.probe->records.load()) / seconds : 0.0);
    const double busy = parts.probe->seconds_reading();
    fmt::print("{:.3f} s from the first record read to the last stored: {:.0f} records/s\n", busy,
               busy > 0 ? static_cast<double>(parts.probe->records.load()) / busy : 0.0);
    fmt::print("latency from ingest to stored: p50 {:.1f} ms, p99 {:.1f} ms\n",
               parts.probe->latency_quantile(0.5) * 1000,
               parts.probe->latency_quantile(0.99) * 1000);
  }
}

}  // namespace sluice::cli
