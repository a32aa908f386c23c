// SchedulerProbe: the scheduler loop's metrics (docs/operations.md, "Metrics"), registered in the
// registry the host passes in and served on /metrics by every role that runs a scheduler. The
// series carry a `workflow` label and no `pipeline` one: a workflow may drive several pipelines.
// Each workflow of the config has its series from the start (at 0). Thread-safe.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <map>
#include <string>
#include <vector>

#include "schedule/store/run_store.h"

namespace sluice::schedule {

class SchedulerProbe {
 public:
  SchedulerProbe(prometheus::Registry& registry, const std::vector<std::string>& workflows);

  // A run moved to success or failed (other states are ignored).
  void run_ended(const std::string& workflow, RunState state);
  // Queued and running runs of the workflow, as of the scheduler's last full pass.
  void set_active_runs(const std::string& workflow, int count);
  // An attempt or instance outcome: success, failed, up_for_retry, upstream_failed or skipped
  // (other states are ignored).
  void task_outcome(const std::string& workflow, TaskState state);
  // An attempt ended after `seconds`.
  void task_duration(const std::string& workflow, double seconds);
  // An attempt started `seconds` after it could have (its due time).
  void start_delay(double seconds);

  // What the counters hold, for tests and progress lines.
  double runs(const std::string& workflow, RunState state) const;
  double tasks(const std::string& workflow, TaskState state) const;
  double active_runs(const std::string& workflow) const;
  uint64_t start_delays_observed() const;

 private:
  prometheus::Family<prometheus::Counter>& runs_;
  prometheus::Family<prometheus::Gauge>& active_;
  prometheus::Family<prometheus::Counter>& tasks_;
  prometheus::Family<prometheus::Histogram>& duration_;
  prometheus::Histogram& start_delay_;
  // The config's workflows' histograms, made once (Family::Add builds a histogram per call
  // before it finds the existing one). Read-only after construction.
  std::map<std::string, prometheus::Histogram*> durations_;
};

}  // namespace sluice::schedule
