// Reading one value back from a registry, for the ingest tests that check their metrics.
#pragma once

#include <prometheus/registry.h>

#include <string>

namespace sluice::testing {

// The first sample of family `name` whose labels include `label`=`value` (any sample when
// `label` is ""): a counter's or gauge's value, a histogram's sample count. -1 when there is
// no such sample.
inline double metric_value(prometheus::Registry& registry, const std::string& name,
                           const std::string& label = "", const std::string& value = "") {
  for (const auto& family : registry.Collect()) {
    if (family.name != name) continue;
    for (const auto& m : family.metric) {
      bool match = label.empty();
      for (const auto& l : m.label)
        match = match || (l.name == label && l.value == value);
      if (!match) continue;
      switch (family.type) {
        case prometheus::MetricType::Counter:
          return m.counter.value;
        case prometheus::MetricType::Gauge:
          return m.gauge.value;
        case prometheus::MetricType::Histogram:
          return static_cast<double>(m.histogram.sample_count);
        default:
          return -1;
      }
    }
  }
  return -1;
}

}  // namespace sluice::testing
