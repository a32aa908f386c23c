#include "schedule/runner/scheduler_probe.h"

#include <prometheus/metric_family.h>

#include <array>

namespace sluice::schedule {
namespace {

// The instance outcomes sluice_task_instances_total counts.
constexpr std::array kOutcomes{TaskState::kSuccess, TaskState::kFailed, TaskState::kUpForRetry,
                               TaskState::kUpstreamFailed, TaskState::kSkipped};

bool counted(TaskState state) {
  for (TaskState s : kOutcomes) {
    if (s == state) return true;
  }
  return false;
}

prometheus::Labels labels(const std::string& workflow, std::string_view state) {
  return {{"workflow", workflow}, {"state", std::string(state)}};
}

prometheus::Histogram::BucketBoundaries duration_buckets() {
  return {0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 600, 1800, 3600, 7200};
}

// Fine below 100 ms, where a scheduler that keeps up lives; coarse above, for catchup runs.
prometheus::Histogram::BucketBoundaries delay_buckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60, 600, 3600};
}

}  // namespace

SchedulerProbe::SchedulerProbe(prometheus::Registry& registry,
                               const std::vector<std::string>& workflows)
    : runs_(prometheus::BuildCounter()
                .Name("sluice_workflow_runs_total")
                .Help("Workflow runs that ended, by final state")
                .Register(registry)),
      active_(prometheus::BuildGauge()
                  .Name("sluice_workflow_runs_active")
                  .Help("Queued and running runs of the workflow (as of the last full pass)")
                  .Register(registry)),
      tasks_(prometheus::BuildCounter()
                 .Name("sluice_task_instances_total")
                 .Help("Task attempt and instance outcomes, by state")
                 .Register(registry)),
      duration_(prometheus::BuildHistogram()
                    .Name("sluice_task_duration_seconds")
                    .Help("Time from an attempt's start to its end")
                    .Register(registry)),
      start_delay_(prometheus::BuildHistogram()
                       .Name("sluice_task_start_delay_seconds")
                       .Help("Time from when an attempt could start (its run due, its upstream "
                             "tasks done, its retry time) to its start")
                       .Register(registry)
                       .Add({}, delay_buckets())) {
  for (const std::string& w : workflows) {
    for (RunState s : {RunState::kSuccess, RunState::kFailed})
      runs_.Add(labels(w, run_state_name(s)));
    active_.Add({{"workflow", w}});
    for (TaskState s : kOutcomes)
      tasks_.Add(labels(w, task_state_name(s)));
    durations_[w] = &duration_.Add({{"workflow", w}}, duration_buckets());
  }
}

void SchedulerProbe::run_ended(const std::string& workflow, RunState state) {
  if (state != RunState::kSuccess && state != RunState::kFailed) return;
  runs_.Add(labels(workflow, run_state_name(state))).Increment();
}

void SchedulerProbe::set_active_runs(const std::string& workflow, int count) {
  active_.Add({{"workflow", workflow}}).Set(count);
}

void SchedulerProbe::task_outcome(const std::string& workflow, TaskState state) {
  if (!counted(state)) return;
  tasks_.Add(labels(workflow, task_state_name(state))).Increment();
}

void SchedulerProbe::task_duration(const std::string& workflow, double seconds) {
  auto it = durations_.find(workflow);
  if (it != durations_.end()) {
    it->second->Observe(seconds);
    return;
  }
  duration_.Add({{"workflow", workflow}}, duration_buckets()).Observe(seconds);
}

void SchedulerProbe::start_delay(double seconds) {
  start_delay_.Observe(seconds);
}

double SchedulerProbe::runs(const std::string& workflow, RunState state) const {
  return runs_.Add(labels(workflow, run_state_name(state))).Value();
}

double SchedulerProbe::tasks(const std::string& workflow, TaskState state) const {
  return tasks_.Add(labels(workflow, task_state_name(state))).Value();
}

double SchedulerProbe::active_runs(const std::string& workflow) const {
  return active_.Add({{"workflow", workflow}}).Value();
}

uint64_t SchedulerProbe::start_delays_observed() const {
  return start_delay_.Collect().histogram.sample_count;
}

}  // namespace sluice::schedule
