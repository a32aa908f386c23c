#include "process/processor.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <limits>
#include <mutex>
#include <thread>

#include "core/bounded_queue.h"
#include "core/clock.h"
#include "transform/mapper.h"
#include "process/sink_unique_index.h"
#include "quality/describe.h"
#include "quality/rule_set.h"

namespace sluice {
namespace {

// One partition's entries read from the log, mapped and judged by the rules that need no
// stream-wide state, on their way to the writer.
struct MappedBatch {
  int partition = 0;
  std::vector<LogEntry> entries;
  std::vector<Record> records;         // records[i] maps entries[i]
  std::vector<std::string> map_error;  // non-empty when entries[i] did not parse
  std::vector<Verdict> verdicts;       // the stateless rules' verdict on records[i]
};

// The reasons column for a failure that no rule of the set reports (parse, key).
std::string single_reason(std::string_view rule, std::string_view message) {
  std::string out = R"([{"rule":)";
  append_json_string(rule, &out);
  out += R"(,"message":)";
  append_json_string(message, &out);
  out += "}]";
  return out;
}

}  // namespace

struct Processor::Impl {
  const PipelineConfig& config;
  Log* log;
  Sink* sink;
  ProcessProbe* probe;
  Schema schema;
  std::unique_ptr<Mapper> mapper;
  std::unique_ptr<RuleSet> rules;
  std::map<int, int64_t> committed;  // next offset to process, per partition (in the sink)
  bool offsets_dirty = false;        // `committed` is ahead of the log's stored offsets
  std::chrono::steady_clock::time_point last_offsets_commit;
  static constexpr std::chrono::milliseconds kOffsetsCommitGap{200};
  // Batches the writer is done with, destroyed by the reader: the writer is the pipeline's
  // busiest thread, and the reader allocated them, so its arena takes them back without the
  // cross-thread frees that cost the writer ~6% of its time.
  std::mutex spent_mu;
  std::vector<std::unique_ptr<MappedBatch>> spent;
  static constexpr std::chrono::milliseconds kLinger{5};

  Impl(const PipelineConfig& c, Log* l, Sink* s, ProcessProbe* p)
      : config(c), log(l), sink(s), probe(p), schema(c.schema()) {}

  Status init() {
    auto m = Mapper::compile(config.fields, schema);
    if (!m.ok()) return m.status();
    mapper = std::make_unique<Mapper>(std::move(m).value());
    auto r = RuleSet::compile(config.rules, config.fields, schema);
    if (!r.ok()) return r.status();
    rules = std::make_unique<RuleSet>(std::move(r).value());
    SLUICE_ASSIGN_OR_RETURN(committed, log->fetch_offsets(config.process.group));
    for (int p = 0; p < log->partition_count(); ++p)
      committed.try_emplace(p, 0);
    return {};
  }

  Status map_batch(MappedBatch* batch) {
    batch->records.reserve(batch->entries.size());
    batch->map_error.resize(batch->entries.size());
    batch->verdicts.resize(batch->entries.size());
    for (size_t i = 0; i < batch->entries.size(); ++i) {
      const LogEntry& e = batch->entries[i];
      Record& r = batch->records.emplace_back(&schema);
      Status s = mapper->map(e.value, &r);
      if (!s.ok()) batch->map_error[i] = s.message();
      r.meta.partition = batch->partition;
      r.meta.offset = e.offset;
      r.meta.ingest_time_ms = e.timestamp_ms;
      r.meta.event_time_ms = e.timestamp_ms;
      if (s.ok()) rules->evaluate_stateless(r, &batch->verdicts[i]);
    }
    return {};
  }

  // Reader thread: round-robin over partitions, pushing mapped batches into the queue.
  Status read_loop(const std::atomic<bool>& stop, const ProcessorOptions& options,
                   BoundedQueue<std::unique_ptr<MappedBatch>>* queue) {
    std::map<int, int64_t> next = committed;
    const auto max_records = static_cast<size_t>(config.process.batch_records);
    while (!stop.load()) {
      // Read before the round: an idle round then proves that everything published before the
      // flag was set has been read.
      const bool exit_when_idle =
          options.until_idle || (options.idle_exit != nullptr && options.idle_exit->load());
      const uint64_t seen = log->commit_sequence();  // before reading: no commit slips by
      bool any = false;
      for (auto& [partition, offset] : next) {
        if (stop.load()) break;
        free_spent();
        SLUICE_ASSIGN_OR_RETURN(auto entries, log->read(partition, offset, max_records));
        SLUICE_ASSIGN_OR_RETURN(int64_t end, log->end_offset(partition));
        if (entries.empty()) {
          // An offset below retention starts at the oldest entry; nothing there means caught up.
          probe->set_lag(partition, end - offset);
          continue;
        }
        any = true;
        auto batch = std::make_unique<MappedBatch>();
        batch->partition = partition;
        batch->entries = std::move(entries);
        offset = batch->entries.back().offset + 1;
        probe->set_lag(partition, end - offset);
        SLUICE_RETURN_IF_ERROR(map_batch(batch.get()));
        if (!queue->push(batch)) return {};
      }
      if (!any) {
        if (exit_when_idle) return {};
        log->wait_for_commit(seen, options.idle_sleep_ms);
        // Linger a moment so that a burst of commits is read as one round, not one per commit:
        // bigger groups mean fewer sink transactions, which is where the writer's time goes.
        std::this_thread::sleep_for(kLinger);
      }
    }
    return {};
  }

  // Reader side: destroys the handed-back batches (on leaving, outside the lock).
  void free_spent() {
    std::vector<std::unique_ptr<MappedBatch>> done;
    {
      std::lock_guard lock(spent_mu);
      done.swap(spent);
    }
  }

  // Writer side: passes a stored group's batches to the reader for destruction.
  void hand_back(std::vector<std::unique_ptr<MappedBatch>>* group) {
    std::lock_guard lock(spent_mu);
    for (auto& batch : *group)
      spent.push_back(std::move(batch));
  }

  // Writer thread: finish judging a group of batches (the unique rule), store and quarantine
  // them in one sink transaction, then commit the offsets of every partition in the group.
  // One transaction per group instead of per batch: a backlog costs one sink commit and one
  // offsets commit, not one per partition batch.
  Status write_group(std::vector<std::unique_ptr<MappedBatch>>& group, SinkUniqueIndex* unique,
                     const ProcessorOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::string_view> keys;
    size_t total = 0;
    for (const auto& batch : group)
      total += batch->records.size();
    keys.reserve(total);
    for (const auto& batch : group) {
      for (const Record& r : batch->records) {
        if (!r.key().empty()) keys.push_back(r.key());
      }
    }
    SLUICE_RETURN_IF_ERROR(unique->prefetch(keys));

    std::vector<const Record*> valid;
    std::vector<QuarantineRow> invalid;
    valid.reserve(total);
    for (auto& batch : group)
      judge(*batch, unique, &valid, &invalid);
    SLUICE_RETURN_IF_ERROR(sink->write_batch(valid, invalid, {.reconcile = options.reconcile}));
    // The rows are stored: that is the end of the records' journey, whenever the offsets follow.
    const int64_t now = now_ms();
    for (const auto& batch : group)
      committed[batch->partition] = batch->entries.back().offset + 1;
    offsets_dirty = true;
    SLUICE_RETURN_IF_ERROR(commit_offsets(/*now=*/false));

    for (const auto& batch : group) {
      for (const LogEntry& e : batch->entries) {
        probe->observe_latency(static_cast<double>(now - e.timestamp_ms) / 1000.0);
      }
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    probe->batch_done(static_cast<int64_t>(total), static_cast<int64_t>(valid.size()),
                      static_cast<int64_t>(invalid.size()), seconds);
    return {};
  }

  // Commits the offsets of what the sink holds: at most once per kOffsetsCommitGap unless
  // `now`. Each commit is a file replace with two fsyncs, which after every group would delay
  // the next one (1-15 ms measured); a crash before a commit only replays batches whose upserts
  // and quarantine rows are idempotent (the unique rule sees a replayed record's own row as its
  // own). The writer commits at once when no group comes within the gap, and when it stops.
  Status commit_offsets(bool now) {
    if (!offsets_dirty) return {};
    const auto time = std::chrono::steady_clock::now();
    if (!now && time - last_offsets_commit < kOffsetsCommitGap) return {};
    SLUICE_RETURN_IF_ERROR(log->commit_offsets(config.process.group, committed));
    offsets_dirty = false;
    last_offsets_commit = time;
    return {};
  }

  // When the writer must wake up to commit pending offsets even if no group comes (with
  // nothing pending, a far time: waking then finds nothing to do).
  std::chrono::steady_clock::time_point offsets_due() const {
    return offsets_dirty ? last_offsets_commit + kOffsetsCommitGap
                         : std::chrono::steady_clock::now() + std::chrono::hours(1);
  }

  // Adds the stateful rules' verdicts to the batch's and sorts its records into valid ones and
  // quarantine rows. Records are judged in log order, claiming their keys as they pass.
  void judge(MappedBatch& batch, SinkUniqueIndex* unique, std::vector<const Record*>* valid,
             std::vector<QuarantineRow>* invalid) {
    for (size_t i = 0; i < batch.records.size(); ++i) {
      const Record& r = batch.records[i];
      LogEntry& e = batch.entries[i];
      const LogPosition position{batch.partition, e.offset};
      std::string reasons;
      if (!batch.map_error[i].empty()) {
        reasons = single_reason("parse", "record is not a JSON object: " + batch.map_error[i]);
      } else {
        Verdict& verdict = batch.verdicts[i];
        unique->set_current(position);
        rules->evaluate_stateful(r, unique, &verdict);
        if (verdict.valid() && r.key().empty()) {
          reasons = single_reason(
              "key",
              fmt::format("key field '{}' is empty; a stored row needs a key", schema.key_name()));
        } else if (!verdict.valid()) {
          for (const auto& f : verdict.failures)
            probe->rule_failed(f.rule_index);
          reasons = reasons_json(*rules, verdict);
        }
      }
      if (reasons.empty()) {
        valid->push_back(&r);
        unique->claim(r.key(), position);
      } else {
        invalid->push_back(QuarantineRow{position, std::string(r.key()), std::move(e.value),
                                         std::move(reasons), e.timestamp_ms});
      }
    }
  }
};

Processor::Processor(const PipelineConfig& config, Log* log, Sink* sink, ProcessProbe* probe)
    : impl_(std::make_unique<Impl>(config, log, sink, probe)) {}

Processor::~Processor() = default;

Status Processor::reset_offsets(const std::map<int, int64_t>& offsets) {
  std::map<int, int64_t> target;
  SLUICE_ASSIGN_OR_RETURN(target, impl_->log->fetch_offsets(impl_->config.process.group));
  for (const auto& [partition, offset] : offsets) {
    SLUICE_ASSIGN_OR_RETURN(int64_t end, impl_->log->end_offset(partition));
    target[partition] = std::clamp<int64_t>(offset, 0, end);
  }
  return impl_->log->commit_offsets(impl_->config.process.group, target);
}

Status Processor::run(const std::atomic<bool>& stop, const ProcessorOptions& options) {
  SLUICE_RETURN_IF_ERROR(impl_->init());
  // Bounded in records, not batches: a round over lightly loaded partitions reads many small
  // batches, and the writer should still get them as one group (one transaction) rather than
  // a few small transactions that each rewrite the key index pages they touch.
  const auto max_queued_records =
      static_cast<size_t>(std::max(1, impl_->config.process.queue_batches)) *
      static_cast<size_t>(std::max(1, impl_->config.process.batch_records));
  BoundedQueue<std::unique_ptr<MappedBatch>> queue(
      max_queued_records, [](const std::unique_ptr<MappedBatch>& b) { return b->entries.size(); });
  Status read_status;
  std::thread reader([&] {
    read_status = impl_->read_loop(stop, options, &queue);
    queue.close();
  });

  SinkUniqueIndex unique(impl_->sink, impl_->schema.key_name());
  Status write_status;
  // Takes everything the reader queued as one group (the queue's bound caps it), also after
  // `stop`: those batches were read and mapped, and finishing them is cheaper than replaying.
  while (true) {
    auto group = queue.pop_some_until(std::numeric_limits<size_t>::max(), impl_->offsets_due());
    if (!group) break;                                                   // closed and drained
    write_status = group->empty() ? impl_->commit_offsets(/*now=*/true)  // quiet: commit now
                                  : impl_->write_group(*group, &unique, options);
    impl_->hand_back(&*group);
    if (!write_status.ok()) break;
  }
  // Whatever was stored is committed before returning (a no-op when nothing is pending).
  if (write_status.ok()) write_status = impl_->commit_offsets(/*now=*/true);
  queue.close();
  reader.join();
  if (!write_status.ok()) return write_status;
  return read_status;
}

}  // namespace sluice
