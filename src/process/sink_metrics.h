// SinkMetrics: a sink's own counters (Sink::counters(), for the sinks with a server behind
// them) on /metrics, read from the sink at each scrape:
//   sluice_sink_writes_total{pipeline,sink}        statements the server acknowledged
//   sluice_sink_reads_total{pipeline,sink}         lookups it answered
//   sluice_sink_retries_total{pipeline,sink}       statements sent again after a retryable failure
//   sluice_sink_reconnects_total{pipeline,sink}    connections opened after the first
//   sluice_sink_errors_total{pipeline,sink,kind}   failed statements by kind
// A sink without counters exports none of these. Thread-safe as Sink::counters() is.
#pragma once

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <string>
#include <vector>

#include "sink/sink.h"

namespace sluice {

class SinkMetrics final : public prometheus::Collectable {
 public:
  // `sink` must outlive this object; `kind` labels the series ("cassandra").
  SinkMetrics(const Sink* sink, std::string pipeline, std::string kind)
      : sink_(sink), pipeline_(std::move(pipeline)), kind_(std::move(kind)) {}

  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  const Sink* sink_;
  const std::string pipeline_;
  const std::string kind_;
};

}  // namespace sluice
