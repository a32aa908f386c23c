#include "process/sink_metrics.h"

#include <utility>

namespace sluice {
namespace {

prometheus::MetricFamily counter_family(const char* name, const char* help) {
  prometheus::MetricFamily f;
  f.name = name;
  f.help = help;
  f.type = prometheus::MetricType::Counter;
  return f;
}

}  // namespace

std::vector<prometheus::MetricFamily> SinkMetrics::Collect() const {
  const std::optional<SinkCounters> c = sink_->counters();
  if (!c) return {};
  const std::vector<prometheus::ClientMetric::Label> labels = {{"pipeline", pipeline_},
                                                               {"sink", kind_}};
  auto one = [&](const char* name, const char* help, uint64_t value) {
    prometheus::MetricFamily f = counter_family(name, help);
    prometheus::ClientMetric m;
    m.label = labels;
    m.counter.value = static_cast<double>(value);
    f.metric.push_back(std::move(m));
    return f;
  };
  std::vector<prometheus::MetricFamily> out = {
      one("sluice_sink_writes_total", "Statements the sink's server acknowledged.", c->writes),
      one("sluice_sink_reads_total", "Lookups the sink's server answered.", c->reads),
      one("sluice_sink_retries_total",
          "Statements sent again after a failure that may pass on a retry.", c->retries),
      one("sluice_sink_reconnects_total",
          "Connections to the sink's servers opened after the first.", c->reconnects),
  };
  prometheus::MetricFamily errors =
      counter_family("sluice_sink_errors_total", "Statements that failed, by kind of failure.");
  for (const auto& [kind, value] : c->errors) {
    prometheus::ClientMetric m;
    m.label = labels;
    m.label.push_back({"kind", kind});
    m.counter.value = static_cast<double>(value);
    errors.metric.push_back(std::move(m));
  }
  out.push_back(std::move(errors));
  return out;
}

}  // namespace sluice
