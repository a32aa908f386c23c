// The parts every pipeline-running subcommand opens the same way: config, log, sink, metrics.
#pragma once

#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/health.h"
#include "ingest/probe.h"
#include "log/log.h"
#include "log/probe.h"
#include "process/ingest_hold.h"
#include "process/probe.h"
#include "process/sink_metrics.h"
#include "sink/sink.h"

namespace sluice::cli {

struct PipelineParts {
  PipelineConfig config;
  Schema schema;
  // Before the log: the log's last flush (on close) still counts in them.
  std::shared_ptr<prometheus::Registry> registry;
  std::unique_ptr<LogProbe> log_probe;  // appends, bytes and fsyncs of `log`
  std::unique_ptr<Log> log;
  std::unique_ptr<Sink> sink;
  std::unique_ptr<ProcessProbe> probe;
  std::shared_ptr<SinkMetrics> sink_metrics;  // the sink's own counters, for /metrics
  // Read at each scrape, beside the registry: the sink's counters, the log's partitions and
  // the data dir's filesystem (HttpServer::add_collectable each).
  std::vector<std::shared_ptr<const prometheus::Collectable>> collectables;
  Health health;  // behind /readyz
};

// The metrics read at each scrape for a pipeline whose log is `log` (null: none, as in a dry
// run): the data dir's filesystem (serve/data_dir_metrics.h) and the log's partitions
// (log/log_metrics.h). `log` must outlive them.
std::vector<std::shared_ptr<const prometheus::Collectable>> scrape_metrics(
    const PipelineConfig& config, const Log* log);

// Opens the log (taking its lock) and the sink (creating tables). Errors name the path.
Result<std::unique_ptr<PipelineParts>> open_pipeline_parts(PipelineConfig config);

// The body of /api/v1/status: the processor's counts, and the ingest's when this process
// ingests too (`ingest` may be null), with the records published and not yet stored as its
// hold last saw them (`unstored`; `hold` may be null).
std::string status_json(const PipelineParts& parts, const IngestProbe* ingest,
                        const IngestHold* hold);

// sluice_unstored_records{pipeline}: what `sluice run` has published and its processor's group
// has not stored yet (IngestHold::uncommitted()).
prometheus::Gauge& unstored_records_gauge(prometheus::Registry& registry,
                                          const std::string& pipeline);

// Rule ids of the config, in order (for probes and summaries).
std::vector<std::string> rule_ids(const PipelineConfig& config);

// "3 stored, 1 quarantined (required: 1, email_format: 1)" style lines, on stdout.
void print_process_summary(const PipelineParts& parts);

}  // namespace sluice::cli
