#include "process/sink_metrics.h"

#include <limits>
#include <map>
#include <string>
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

// sluice_sink_request_duration_seconds and sluice_sink_request_failures_total, by host.
std::pair<prometheus::MetricFamily, prometheus::MetricFamily> host_families(
    const std::vector<prometheus::ClientMetric::Label>& labels,
    const std::map<std::string, SinkCounters::HostRequests>& hosts) {
  prometheus::MetricFamily durations;
  durations.name = "sluice_sink_request_duration_seconds";
  durations.help = "Requests to each of the sink's servers, by how long they took.";
  durations.type = prometheus::MetricType::Histogram;
  prometheus::MetricFamily failures = counter_family(
      "sluice_sink_request_failures_total", "Requests to each of the sink's servers that failed.");
  for (const auto& [host, h] : hosts) {
    prometheus::ClientMetric d;
    d.label = labels;
    d.label.push_back({"host", host});
    uint64_t cumulative = 0;
    for (size_t i = 0; i < h.counts.size(); ++i) {
      cumulative += h.counts[i];
      const double bound =
          i < h.bounds.size() ? h.bounds[i] : std::numeric_limits<double>::infinity();
      d.histogram.bucket.push_back({cumulative, bound});
    }
    d.histogram.sample_count = cumulative;
    d.histogram.sample_sum = h.seconds_sum;
    durations.metric.push_back(d);
    prometheus::ClientMetric f;
    f.label = d.label;
    f.counter.value = static_cast<double>(h.failures);
    failures.metric.push_back(std::move(f));
  }
  return {std::move(durations), std::move(failures)};
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
  if (!c->hosts.empty()) {
    auto [durations, failures] = host_families(labels, c->hosts);
    out.push_back(std::move(durations));
    out.push_back(std::move(failures));
  }
  return out;
}

}  // namespace sluice
