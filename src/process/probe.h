// ProcessProbe: the processor's metrics (Redpanda's probe.h idea: one place per module).
// Counters are registered in the registry the host passes in and exported at /metrics; the
// plain atomics beside them feed progress lines and tests without parsing metric text.
// Thread-safe.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sluice {

// One partition as this worker last saw it, for the dashboard (-1: not known yet).
struct PartitionView {
  int partition = 0;
  bool assigned = false;
  int64_t position = -1;   // the next offset to read
  int64_t committed = -1;  // the group's next offset to process, as this worker last stored it
  int64_t lag = 0;         // committed log entries past the read position
  int64_t end_offset() const { return position < 0 ? -1 : position + lag; }
};

class ProcessProbe {
 public:
  ProcessProbe(prometheus::Registry& registry, const std::string& pipeline,
               const std::vector<std::string>& rule_ids, int partitions);

  // One sink transaction (a group of partition batches) is stored and its offsets committed.
  void batch_done(int64_t records, int64_t stored, int64_t quarantined, double seconds);
  void rule_failed(size_t rule_index) { rule_failures_[rule_index]->Increment(); }
  // Seconds from the ingest timestamp in the log to the moment the sink committed the row.
  void observe_latency(double seconds) { latency_->Observe(seconds); }
  // A sink group from submit to the sink's completion (durable): the sink's write latency,
  // whatever the sink (ms resolution: both ends are wall-clock stamps).
  void sink_write_done(double seconds) { sink_write_seconds_->Observe(seconds); }
  // Called by the reader thread.
  void set_lag(int partition, int64_t lag);
  // The reader read up to here (the offset after the last entry it polled).
  void set_position(int partition, int64_t next_offset);
  // The writer stored these offsets in the group (called after each commit that moved some).
  void set_committed(const std::map<int, int64_t>& next_offsets);
  // Every partition of the log, in order: what this worker knows of each.
  std::vector<PartitionView> partitions() const;
  // The end-to-end latency histogram as (upper bound in seconds, cumulative count) pairs, the
  // last bound +inf: the dashboard takes differences between two reads for a recent quantile.
  std::vector<std::pair<double, uint64_t>> latency_histogram() const;
  // The partitions this worker holds now (the group assigns and revokes them).
  void set_assigned(const std::vector<int>& partitions, bool assigned);
  std::vector<int> assigned() const;
  // The reader polled records: the first call marks when reading began, so that a run's
  // throughput can leave out the start-up (a Kafka group takes seconds to assign partitions).
  void records_polled() {
    if (first_polled_ns.load(std::memory_order_relaxed) == 0) {
      first_polled_ns = std::chrono::steady_clock::now().time_since_epoch().count();
    }
  }
  // Seconds since the first records_polled(), 0 before it.
  double seconds_since_first_poll() const;
  // Seconds from the first records_polled() to the last batch_done(): how long the records
  // took, leaving out the wait that tells a caught-up reader it is (0 before both).
  double seconds_reading() const;
  // Quantile q (0..1) of the end-to-end latency in seconds, interpolated within the
  // histogram's buckets; 0 when nothing was observed.
  double latency_quantile(double q) const;
  int64_t rule_failures(size_t rule_index) const {
    return static_cast<int64_t>(rule_failures_[rule_index]->Value());
  }

  std::atomic<int64_t> records{0};
  std::atomic<int64_t> stored{0};
  std::atomic<int64_t> quarantined{0};
  std::atomic<int64_t> lag{0};              // sum over partitions, as of the last check
  std::atomic<int64_t> first_polled_ns{0};  // steady clock; 0 until records_polled()
  std::atomic<int64_t> last_done_ns{0};     // steady clock of the last batch_done()

 private:
  prometheus::Counter* records_total_;
  prometheus::Counter* stored_total_;
  prometheus::Counter* quarantined_total_;
  std::vector<prometheus::Counter*> rule_failures_;
  std::vector<prometheus::Gauge*> lag_;
  mutable std::mutex partitions_mu_;  // guards views_ (reader, writer and HTTP threads)
  std::vector<PartitionView> views_;
  prometheus::Histogram* batch_seconds_;
  prometheus::Histogram* batch_records_;
  prometheus::Histogram* latency_;
  prometheus::Histogram* sink_write_seconds_;
};

}  // namespace sluice
