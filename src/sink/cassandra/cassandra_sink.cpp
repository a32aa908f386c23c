#include "sink/cassandra/cassandra_sink.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <utility>

#include "sink/cassandra/cassandra_cql.h"
#include "sink/cassandra/cassandra_rows.h"
#include "sink/cassandra/schema_setup.h"

namespace sluice {

using cassandra::TaskPool;

// A submitted group while its writes are in flight.
struct CassandraSink::Group {
  SinkGroup rows;
  SinkCompletion done;
  std::atomic<size_t> remaining{0};
  std::mutex mu;       // guards first_error
  Status first_error;  // of the write that failed first
};

CassandraSink::CassandraSink(SinkConfig config, const Schema& schema, EnvLookup env)
    : config_(std::move(config)), schema_(schema), env_(std::move(env)) {}

CassandraSink::~CassandraSink() {
  outage_.close();  // a write waiting for the cluster fails now instead of waiting on
  pool_.reset();    // runs every write posted, completing its group, while the session is open
  session_.reset();
}

Status CassandraSink::open() {
  SLUICE_ASSIGN_OR_RETURN(options_, cassandra::sink_options(config_, env_));
  const cql::TlsOptions& tls = options_.session.connection.tls;
  if (tls.enabled && !tls.verify_hostname) {
    spdlog::warn(
        "cassandra sink: TLS without hostname verification (sink.tls.verify_hostname: false): "
        "any server with a certificate signed by {} is accepted as a node of {}, a man in the "
        "middle holding one too",
        tls.ca_file.empty() ? "any CA the system trusts" : tls.ca_file, config_.hosts);
  }
  SLUICE_ASSIGN_OR_RETURN(session_, cql::Session::connect(options_.session));
  const std::string& ks = options_.keyspace;
  SLUICE_RETURN_IF_ERROR(cassandra::ensure_schema(*session_, options_, schema_)
                             .with_context(fmt::format("creating keyspace {}", ks)));
  insert_user_ = cassandra::insert_user_cql(ks, schema_);
  insert_quarantine_ = cassandra::insert_quarantine_cql(ks);
  select_owners_ = cassandra::select_owners_cql(ks, schema_, cassandra::kOwnersChunk);
  select_version_ = cassandra::select_owner_version_cql(ks, schema_);
  delete_user_ = cassandra::delete_user_version_cql(ks, schema_);
  delete_quarantine_ = cassandra::delete_quarantine_cql(ks);
  // Prepared now, so that a table of another shape (a schema field added since it was made)
  // is an error at start, not at the first write.
  for (const std::string* query : {&insert_user_, &insert_quarantine_, &select_owners_,
                                   &select_version_, &delete_user_, &delete_quarantine_}) {
    auto prepared = session_->prepare(*query);
    if (!prepared.ok()) return prepared.status().with_context(*query);
  }
  pool_ = std::make_unique<TaskPool>(options_.write_concurrency);
  spdlog::info("cassandra sink: keyspace {} ready on {} ({} writes in flight, {})", ks,
               session_->connected_to() ? session_->connected_to()->to_string() : "?",
               options_.write_concurrency, cql::consistency_name(options_.write_consistency));
  return {};
}

int64_t CassandraSink::reserve_timestamps(size_t n) {
  const int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  std::lock_guard lock(clock_mu_);
  const int64_t first = std::max(now, last_timestamp_us_ + 1);
  last_timestamp_us_ = first + static_cast<int64_t>(n == 0 ? 1 : n) - 1;
  return first;
}

Status CassandraSink::submit(SinkGroup rows, SinkCompletion done) {
  if (!pool_) return Status::internal("CassandraSink::submit before open()");
  {
    std::unique_lock lock(groups_mu_);
    groups_cv_.wait(lock, [&] { return in_flight_ < options_.max_in_flight_groups; });
    ++in_flight_;
  }
  auto group = std::make_shared<Group>();
  group->rows = std::move(rows);
  group->done = std::move(done);
  const SinkGroup& g = group->rows;
  const bool reconcile = g.reconcile;
  // The writes, in group order: each valid row (and, reconciling, its position leaving
  // quarantine), then each quarantine row (and its position leaving created_users).
  std::vector<std::pair<Op, size_t>> ops;
  ops.reserve((g.valid.size() + g.quarantine.size()) * (reconcile ? 2 : 1));
  for (size_t i = 0; i < g.valid.size(); ++i) {
    ops.emplace_back(Op::kUser, i);
    if (reconcile) ops.emplace_back(Op::kUnquarantine, i);
  }
  for (size_t i = 0; i < g.quarantine.size(); ++i) {
    ops.emplace_back(Op::kQuarantine, i);
    if (reconcile && !g.quarantine[i].key.empty()) ops.emplace_back(Op::kUnstore, i);
  }
  if (ops.empty()) ops.emplace_back(Op::kNone, 0);  // an empty group still completes, on the pool
  group->remaining = ops.size();
  const int64_t first_timestamp = reserve_timestamps(ops.size());
  for (size_t i = 0; i < ops.size(); ++i) {
    pool_->post([this, group, op = ops[i], ts = first_timestamp + static_cast<int64_t>(i)] {
      run_op(group, op.first, op.second, ts);
    });
  }
  return {};
}

void CassandraSink::run_op(const std::shared_ptr<Group>& group, Op op, size_t index,
                           int64_t timestamp_us) {
  Status written = write_op(*group, op, index, timestamp_us);
  if (!written.ok()) {
    std::lock_guard lock(group->mu);
    if (group->first_error.ok()) group->first_error = std::move(written);
  }
  // The one write that brings the count to zero completes the group: exactly once, whatever
  // the session did (retries, failover) to get each write its one answer.
  if (group->remaining.fetch_sub(1) != 1) return;
  Status status;
  {
    std::lock_guard lock(group->mu);
    status = group->first_error;
  }
  if (status.ok()) recent_quarantine_.add(group->rows.quarantine);
  group->done(status);
  {
    std::lock_guard lock(groups_mu_);
    --in_flight_;
  }
  groups_cv_.notify_all();
}

Status CassandraSink::write_op(const Group& group, Op op, size_t index, int64_t timestamp_us) {
  cql::Statement s;
  s.prepared = true;
  s.idempotent = true;  // upserts by key and deletes by key or position: harmless twice
  s.consistency = options_.write_consistency;
  s.default_timestamp_us = timestamp_us;
  const SinkGroup& g = group.rows;
  switch (op) {
    case Op::kNone:
      return {};
    case Op::kUser: {
      const Record& r = *g.valid[index];
      s.query = insert_user_;
      s.values = cassandra::user_values(r);
      return execute_write(s).with_context(fmt::format("storing key '{}' (partition {}, offset {})",
                                                       r.key(), r.meta.partition, r.meta.offset));
    }
    case Op::kUnquarantine: {
      const Record& r = *g.valid[index];
      s.query = delete_quarantine_;
      s.values = {cql::Value::int32(r.meta.partition), cql::Value::int64(r.meta.offset)};
      return execute_write(s).with_context(fmt::format(
          "taking partition {} offset {} out of quarantine", r.meta.partition, r.meta.offset));
    }
    case Op::kQuarantine: {
      const QuarantineRow& q = g.quarantine[index];
      s.query = insert_quarantine_;
      s.values = cassandra::quarantine_values(q);
      return execute_write(s).with_context(fmt::format("quarantining partition {} offset {}",
                                                       q.position.partition, q.position.offset));
    }
    case Op::kUnstore:
      return unstore(g.quarantine[index]);
  }
  return {};
}

// Read-before-delete rather than `DELETE ... IF _partition = ? AND _offset = ?`: a lightweight
// transaction costs four round trips of Paxos and gives the tombstone a timestamp of the
// server's, which the client timestamps of later upserts would have to beat. Deleting at the
// row's own write time removes exactly the version that was read: an upsert of the key that
// lands between the read and the delete has a later timestamp and survives it.
Status CassandraSink::unstore(const QuarantineRow& row) {
  auto stored = read_owner(select_version_, row.key);
  if (!stored.ok()) {
    return stored.status().with_context(fmt::format("reading key '{}' to reconcile", row.key));
  }
  if (!*stored) return {};
  const cql::Row& r = **stored;
  const LogPosition at{r[0].as_int32(), r[1].as_int64()};
  if (r[0].is_null() || r[1].is_null() || r[2].is_null() || !(at == row.position)) return {};
  cql::Statement s;
  s.query = delete_user_;
  s.values = {cql::Value::int64(r[2].as_int64()), cql::Value::text(row.key)};
  s.prepared = true;
  s.idempotent = true;
  s.consistency = options_.write_consistency;
  return execute_write(s).with_context(fmt::format(
      "removing key '{}' stored from partition {} offset {}", row.key, at.partition, at.offset));
}

Result<std::optional<cql::Row>> CassandraSink::read_owner(const std::string& query,
                                                          std::string_view key) {
  cql::Statement s;
  s.query = query;
  s.values = {cql::Value::text(std::string(key))};
  s.prepared = true;
  s.idempotent = true;
  s.consistency = options_.read_consistency;
  auto result = execute_patiently(s);
  if (!result.ok()) return result.status();
  reads_.fetch_add(1, std::memory_order_relaxed);
  if (result->rows.rows.empty()) return std::optional<cql::Row>();
  return std::optional<cql::Row>(std::move(result->rows.rows.front()));
}

Status CassandraSink::execute_write(const cql::Statement& statement) {
  auto result = execute_patiently(statement);
  if (!result.ok()) return result.status();
  writes_.fetch_add(1, std::memory_order_relaxed);
  return {};
}

Result<cql::QueryResult> CassandraSink::execute_patiently(const cql::Statement& statement) {
  return outage_.run([&] { return session_->execute(statement); },
                     [this](const Status& error) { count_error(error); });
}

void CassandraSink::count_error(const Status& status) {
  switch (status.code()) {
    case StatusCode::kTimeout:
      errors_timeout_.fetch_add(1, std::memory_order_relaxed);
      break;
    case StatusCode::kUnavailable:
      errors_unavailable_.fetch_add(1, std::memory_order_relaxed);
      break;
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
      errors_invalid_.fetch_add(1, std::memory_order_relaxed);
      break;
    default:
      errors_other_.fetch_add(1, std::memory_order_relaxed);
  }
}

void CassandraSink::drain() {
  std::unique_lock lock(groups_mu_);
  groups_cv_.wait(lock, [&] { return in_flight_ == 0; });
}

Result<std::unordered_map<std::string, LogPosition>> CassandraSink::key_owners(
    const std::vector<std::string_view>& keys) {
  if (!pool_) return Status::internal("CassandraSink::key_owners before open()");
  std::unordered_map<std::string, LogPosition> owners;
  if (keys.empty()) return owners;
  // SELECTs of kOwnersChunk keys each (`key IN (...)`), up to the pool's threads at once; each
  // worker takes the next chunk until none is left. docs/cluster.md gives the measurements.
  const size_t chunks = (keys.size() + cassandra::kOwnersChunk - 1) / cassandra::kOwnersChunk;
  struct Lookup {
    std::atomic<size_t> next{0};
    std::mutex mu;  // guards the rest
    std::condition_variable cv;
    std::unordered_map<std::string, LogPosition>* owners = nullptr;
    size_t workers = 0;
    Status error;
  } lookup;
  lookup.owners = &owners;
  lookup.workers = std::min<size_t>(chunks, static_cast<size_t>(pool_->threads()));
  const size_t workers = lookup.workers;
  for (size_t w = 0; w < workers; ++w) {
    pool_->post_urgent([this, &lookup, &keys, chunks] {
      std::vector<std::pair<std::string, LogPosition>> found;
      Status failed;
      for (size_t c = lookup.next.fetch_add(1); c < chunks; c = lookup.next.fetch_add(1)) {
        failed = read_owners(keys, c * cassandra::kOwnersChunk, &found);
        if (!failed.ok()) {
          lookup.next = chunks;  // the other workers stop too
          break;
        }
      }
      std::lock_guard lock(lookup.mu);
      for (auto& [key, at] : found)
        lookup.owners->insert_or_assign(std::move(key), at);
      if (!failed.ok() && lookup.error.ok()) lookup.error = std::move(failed);
      if (--lookup.workers == 0) lookup.cv.notify_all();
    });
  }
  std::unique_lock lock(lookup.mu);
  lookup.cv.wait(lock, [&] { return lookup.workers == 0; });
  if (!lookup.error.ok()) return lookup.error;
  return owners;
}

Status CassandraSink::read_owners(const std::vector<std::string_view>& keys, size_t first,
                                  std::vector<std::pair<std::string, LogPosition>>* found) {
  cql::Statement s;
  s.query = select_owners_;
  s.prepared = true;
  s.idempotent = true;
  s.consistency = options_.read_consistency;
  s.values.reserve(cassandra::kOwnersChunk);
  // The last chunk is padded with its last key: IN answers each partition once, and one
  // prepared statement serves every chunk.
  const size_t end = std::min(keys.size(), first + cassandra::kOwnersChunk);
  for (size_t i = first; i < first + cassandra::kOwnersChunk; ++i)
    s.values.push_back(cql::Value::text(std::string(keys[std::min(i, end - 1)])));
  auto result = execute_patiently(s);
  if (!result.ok()) {
    return result.status().with_context(
        fmt::format("looking up {} keys from '{}'", end - first, keys[first]));
  }
  reads_.fetch_add(1, std::memory_order_relaxed);
  for (cql::Row& r : result->rows.rows) {
    if (r.size() < 3 || r[0].is_null() || r[1].is_null() || r[2].is_null()) continue;
    found->emplace_back(r[0].bytes(), LogPosition{r[1].as_int32(), r[2].as_int64()});
  }
  return {};
}

std::string CassandraSink::unreachable() const {
  std::string why = outage_.unreachable();
  if (why.empty() && session_ != nullptr) why = session_->unreachable();
  return why;
}

CassandraSinkStats CassandraSink::stats() const {
  CassandraSinkStats s;
  s.writes = writes_.load(std::memory_order_relaxed);
  s.reads = reads_.load(std::memory_order_relaxed);
  s.errors_timeout = errors_timeout_.load(std::memory_order_relaxed);
  s.errors_unavailable = errors_unavailable_.load(std::memory_order_relaxed);
  s.errors_invalid = errors_invalid_.load(std::memory_order_relaxed);
  s.errors_other = errors_other_.load(std::memory_order_relaxed);
  if (session_) s.session = session_->stats();
  return s;
}

std::optional<SinkCounters> CassandraSink::counters() const {
  const CassandraSinkStats s = stats();
  SinkCounters c;
  c.writes = s.writes;
  c.reads = s.reads;
  c.retries = s.session.retries;
  c.reconnects = s.session.reconnects;
  c.errors = {{"timeout", s.errors_timeout},
              {"unavailable", s.errors_unavailable},
              {"invalid", s.errors_invalid},
              {"other", s.errors_other}};
  for (const auto& [host, h] : s.session.hosts) {
    SinkCounters::HostRequests& out = c.hosts[host];
    out.bounds.assign(cql::kRequestSecondsBounds.begin(), cql::kRequestSecondsBounds.end());
    out.counts.assign(h.buckets.begin(), h.buckets.end());
    out.seconds_sum = h.seconds_sum;
    out.failures = h.failures;
  }
  return c;
}

}  // namespace sluice
