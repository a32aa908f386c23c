#include "process/probe.h"

#include <cmath>

namespace sluice {
namespace {

prometheus::Histogram::BucketBoundaries latency_buckets() {
  // Fine below 100 ms, where the pipeline's latency is expected to live, coarse above.
  return {0.0005, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075,
          0.1,    0.15,  0.2,    0.3,   0.5,    0.75, 1,     2,    5,    10,   30};
}

// Records per sink transaction: from a trickle (one record per poll) to several full
// partition batches grouped (process.batch_records, 2000 by default, per partition).
prometheus::Histogram::BucketBoundaries batch_record_buckets() {
  return {1, 10, 50, 100, 250, 500, 1000, 2000, 4000, 8000, 16000, 32000, 64000};
}

}  // namespace

ProcessProbe::ProcessProbe(prometheus::Registry& registry, const std::string& pipeline,
                           const std::vector<std::string>& rule_ids, int partitions)
    : views_(static_cast<size_t>(partitions)) {
  for (size_t p = 0; p < views_.size(); ++p)
    views_[p].partition = static_cast<int>(p);
  const prometheus::Labels base{{"pipeline", pipeline}, {"stage", "process"}};
  auto& records = prometheus::BuildCounter()
                      .Name("sluice_records_processed_total")
                      .Help("Records read from the log and judged by the rules")
                      .Register(registry);
  records_total_ = &records.Add(base);
  auto& stored = prometheus::BuildCounter()
                     .Name("sluice_records_stored_total")
                     .Help("Valid records upserted into the sink")
                     .Register(registry);
  stored_total_ = &stored.Add(base);
  auto& quarantined = prometheus::BuildCounter()
                          .Name("sluice_records_quarantined_total")
                          .Help("Invalid records written to quarantine with their reasons")
                          .Register(registry);
  quarantined_total_ = &quarantined.Add(base);
  auto& failures = prometheus::BuildCounter()
                       .Name("sluice_rule_failures_total")
                       .Help("Records that failed a data-quality rule, by rule id")
                       .Register(registry);
  for (const auto& id : rule_ids) {
    auto labels = base;
    labels["rule"] = id;
    rule_failures_.push_back(&failures.Add(labels));
  }
  auto& lag = prometheus::BuildGauge()
                  .Name("sluice_consumer_lag_records")
                  .Help("Committed log entries not yet processed, by partition")
                  .Register(registry);
  for (int p = 0; p < partitions; ++p) {
    auto labels = base;
    labels["partition"] = std::to_string(p);
    lag_.push_back(&lag.Add(labels));
  }
  batch_seconds_ =
      &prometheus::BuildHistogram()
           .Name("sluice_process_batch_seconds")
           .Help("Time to judge, store and commit one sink transaction (a group of batches)")
           .Register(registry)
           .Add(base, latency_buckets());
  batch_records_ = &prometheus::BuildHistogram()
                        .Name("sluice_process_batch_records")
                        .Help("Records in one sink transaction (a group of partition batches)")
                        .Register(registry)
                        .Add(base, batch_record_buckets());
  latency_ = &prometheus::BuildHistogram()
                  .Name("sluice_end_to_end_latency_seconds")
                  .Help("From ingest (log timestamp) to the record stored or quarantined")
                  .Register(registry)
                  .Add(base, latency_buckets());
  sink_write_seconds_ =
      &prometheus::BuildHistogram()
           .Name("sluice_sink_write_seconds")
           .Help("From submitting a group of rows to the sink until the sink made it durable")
           .Register(registry)
           .Add(base, latency_buckets());
}

void ProcessProbe::batch_done(int64_t n, int64_t n_stored, int64_t n_quarantined, double seconds) {
  records_total_->Increment(static_cast<double>(n));
  stored_total_->Increment(static_cast<double>(n_stored));
  quarantined_total_->Increment(static_cast<double>(n_quarantined));
  batch_seconds_->Observe(seconds);
  batch_records_->Observe(static_cast<double>(n));
  records += n;
  stored += n_stored;
  quarantined += n_quarantined;
  last_done_ns = std::chrono::steady_clock::now().time_since_epoch().count();
}

double ProcessProbe::seconds_reading() const {
  const int64_t first = first_polled_ns.load();
  const int64_t last = last_done_ns.load();
  if (first == 0 || last < first) return 0;
  return std::chrono::duration<double>(std::chrono::steady_clock::duration(last - first)).count();
}

double ProcessProbe::seconds_since_first_poll() const {
  const int64_t first = first_polled_ns.load();
  if (first == 0) return 0;
  const auto since = std::chrono::steady_clock::now().time_since_epoch() -
                     std::chrono::steady_clock::duration(first);
  return std::chrono::duration<double>(since).count();
}

void ProcessProbe::set_lag(int partition, int64_t value) {
  auto p = static_cast<size_t>(partition);
  if (p >= lag_.size()) return;
  lag_[p]->Set(static_cast<double>(value));
  std::lock_guard lock(partitions_mu_);
  views_[p].lag = value;
  int64_t sum = 0;
  for (const auto& v : views_)
    sum += v.lag;
  lag = sum;
}

void ProcessProbe::set_position(int partition, int64_t next_offset) {
  auto p = static_cast<size_t>(partition);
  std::lock_guard lock(partitions_mu_);
  if (p < views_.size()) views_[p].position = next_offset;
}

void ProcessProbe::set_committed(const std::map<int, int64_t>& next_offsets) {
  std::lock_guard lock(partitions_mu_);
  for (const auto& [partition, offset] : next_offsets) {
    auto p = static_cast<size_t>(partition);
    if (p < views_.size()) views_[p].committed = offset;
  }
}

void ProcessProbe::set_assigned(const std::vector<int>& partitions, bool assigned) {
  std::lock_guard lock(partitions_mu_);
  for (int partition : partitions) {
    auto p = static_cast<size_t>(partition);
    if (p < views_.size()) views_[p].assigned = assigned;
  }
}

std::vector<int> ProcessProbe::assigned() const {
  std::lock_guard lock(partitions_mu_);
  std::vector<int> held;
  for (const auto& v : views_) {
    if (v.assigned) held.push_back(v.partition);
  }
  return held;
}

std::vector<PartitionView> ProcessProbe::partitions() const {
  std::lock_guard lock(partitions_mu_);
  return views_;
}

std::vector<std::pair<double, uint64_t>> ProcessProbe::latency_histogram() const {
  const auto metric = latency_->Collect();
  std::vector<std::pair<double, uint64_t>> out;
  out.reserve(metric.histogram.bucket.size());
  for (const auto& b : metric.histogram.bucket)
    out.emplace_back(b.upper_bound, b.cumulative_count);
  return out;
}

}  // namespace sluice

namespace sluice {

double ProcessProbe::latency_quantile(double q) const {
  const auto metric = latency_->Collect();
  const auto& buckets = metric.histogram.bucket;
  const double total = static_cast<double>(metric.histogram.sample_count);
  if (total == 0 || buckets.empty()) return 0;
  const double rank = q * total;
  double lower_bound = 0;
  double lower_count = 0;
  for (const auto& b : buckets) {
    const double count = static_cast<double>(b.cumulative_count);
    if (count >= rank) {
      if (std::isinf(b.upper_bound)) return lower_bound;
      const double width = count - lower_count;
      const double share = width > 0 ? (rank - lower_count) / width : 1;
      return lower_bound + share * (b.upper_bound - lower_bound);
    }
    lower_bound = b.upper_bound;
    lower_count = count;
  }
  return lower_bound;
}

}  // namespace sluice
