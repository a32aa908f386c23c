#include "schedule/runner/scheduler.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <iterator>
#include <limits>
#include <utility>

#include "core/clock.h"
#include "schedule/runner/run_creation.h"
#include "schedule/runner/scheduler_attempt.h"

namespace sluice::schedule {
namespace {

std::string default_owner() {
  char host[256] = {};
  if (::gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  return std::string(host) + ":" + std::to_string(::getpid()) + ":" + std::to_string(now_ms());
}

// How often run() looks at the stop flag while it sleeps.
constexpr int64_t kStopCheckMs = 50;
// Runs one full pass reads: more active runs than this wait for a later pass.
constexpr int kActiveRunsPerPass = 100000;

}  // namespace

Scheduler::Scheduler(std::vector<Workflow> workflows, RunStore& store, TaskExecutor& executor,
                     Clock clock, SchedulerOptions options)
    : workflows_(std::move(workflows)),
      store_(store),
      executor_(executor),
      clock_(std::move(clock)),
      options_(std::move(options)) {
  if (options_.owner.empty()) options_.owner = default_owner();
  options_.parallelism = std::max(1, options_.parallelism);
  options_.max_sleep_ms = std::max(1, options_.max_sleep_ms);
}

Scheduler::~Scheduler() {
  {
    std::lock_guard lock(mutex_);
    for (auto& attempt : attempts_)
      attempt->cancel = true;
    stopping_ = true;
    work_.notify_all();
  }
  // Without the lock: a worker takes it to say an attempt is done. Workers hand the attempts
  // still queued to the executor cancelled, then end.
  for (std::thread& worker : workers_)
    worker.join();
}

// A worker: runs queued attempts one after the other until the scheduler goes.
void Scheduler::work() {
  std::unique_lock lock(mutex_);
  while (true) {
    work_.wait(lock, [this] { return !queue_.empty() || stopping_; });
    if (queue_.empty()) return;
    Attempt* attempt = queue_.front();
    queue_.pop_front();
    --idle_workers_;
    lock.unlock();
    StoreLog log(store_, attempt->key);
    Status result = executor_.run(attempt->what, log, attempt->cancel);
    lock.lock();
    attempt->result = std::move(result);
    attempt->done = true;
    woken_ = true;
    ++idle_workers_;
    changed_.notify_all();
  }
}

const Workflow* Scheduler::workflow(const std::string& name) const {
  for (const Workflow& w : workflows_) {
    if (w.name == name) return &w;
  }
  return nullptr;
}

// The store's flag when it has one (pause/unpause), else the config's.
bool Scheduler::paused(const Workflow& w) const {
  auto it = store_paused_.find(w.name);
  return it == store_paused_.end() ? w.paused : it->second;
}

size_t Scheduler::in_flight() const {
  std::lock_guard lock(mutex_);
  return attempts_.size();
}

bool Scheduler::wait_idle(std::chrono::milliseconds max) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, max, [this] {
    return std::all_of(attempts_.begin(), attempts_.end(), [](const auto& a) { return a->done; });
  });
}

void Scheduler::wake() {
  std::lock_guard lock(mutex_);
  woken_ = true;
  full_pass_ = true;  // what woke it (a run made elsewhere) is in no run this loop touched
  changed_.notify_all();
}

Status Scheduler::tick() {
  return pass(true);
}

Status Scheduler::pass(bool full) {
  {
    std::lock_guard lock(mutex_);
    woken_ = false;
  }
  const int64_t now = clock_();
  // Everything but the claim in one batch: SQLite writes its file once per pass. The claim
  // commits on its own, before the attempts it took start.
  Status s = store_.batch([&] {
    SLUICE_RETURN_IF_ERROR(record_finished());
    // Leases last lease_ms (30 s by default): once a full pass, about a second, is soon enough.
    if (full) SLUICE_RETURN_IF_ERROR(requeue_expired(now));
    SLUICE_RETURN_IF_ERROR(heartbeat(now));
    enforce_timeouts(now);
    SLUICE_RETURN_IF_ERROR(read_paused());
    SLUICE_RETURN_IF_ERROR(create_runs(now));
    return advance_runs(full, now);
  });
  if (s.ok()) s = claim_and_start(now);
  next_wake_ms_ = compute_next_wake(now);
  return s;
}

void Scheduler::run(const std::atomic<bool>& stop) {
  spdlog::info("scheduler {}: {} workflows, parallelism {}", options_.owner, workflows_.size(),
               options_.parallelism);
  auto last_full = std::chrono::steady_clock::time_point{};
  while (!stop) {
    const auto now = std::chrono::steady_clock::now();
    bool full = now - last_full >= std::chrono::milliseconds(options_.max_sleep_ms);
    {
      std::lock_guard lock(mutex_);
      full = full || full_pass_;
      full_pass_ = false;
    }
    if (full) last_full = now;
    Status s = pass(full);
    if (!s.ok()) {
      spdlog::warn("scheduler: {}", s.to_string());
      next_wake_ms_ = clock_() + options_.max_sleep_ms;  // a store down is not polled hot
    }
    sleep_for(next_wake_ms_ - clock_(), stop);
  }
  // Let what runs end on its own, still renewing its leases, then cancel what is left.
  const auto grace_end =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.shutdown_grace_ms);
  const std::atomic<bool> never{false};
  while (in_flight() > 0) {
    if (std::chrono::steady_clock::now() >= grace_end) {
      std::lock_guard lock(mutex_);
      for (auto& attempt : attempts_)
        attempt->cancel = true;
    }
    Status s = record_finished();
    if (s.ok()) s = heartbeat(clock_());
    if (!s.ok()) spdlog::warn("scheduler: {}", s.to_string());
    if (in_flight() > 0) sleep_for(std::min(options_.max_sleep_ms, 100), never);
  }
  spdlog::info("scheduler {}: stopped", options_.owner);
}

// Sleeps `ms` of real time, less when an attempt ends, wake() is called or `stop` is set.
void Scheduler::sleep_for(int64_t ms, const std::atomic<bool>& stop) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  std::unique_lock lock(mutex_);
  while (!woken_ && !stop) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return;
    changed_.wait_for(lock, std::min<std::chrono::steady_clock::duration>(
                                deadline - now, std::chrono::milliseconds(kStopCheckMs)));
  }
}

// The earliest of: a workflow's next run, a retry this process set, the next lease renewal, an
// attempt's timeout; at most max_sleep_ms away.
int64_t Scheduler::compute_next_wake(int64_t now_ms) {
  int64_t wake = now_ms + options_.max_sleep_ms;
  for (const Workflow& w : workflows_) {
    auto due = due_at_.find(w.name);
    if (!paused(w) && due != due_at_.end()) wake = std::min(wake, due->second);
  }
  std::erase_if(retry_at_, [now_ms](int64_t at) { return at <= now_ms; });
  for (int64_t at : retry_at_)
    wake = std::min(wake, at);
  std::lock_guard lock(mutex_);
  if (!attempts_.empty()) wake = std::min(wake, last_heartbeat_ms_ + options_.lease_ms / 3);
  for (const auto& attempt : attempts_) {
    if (attempt->deadline_ms && !attempt->timed_out) wake = std::min(wake, *attempt->deadline_ms);
  }
  return wake;
}

Status Scheduler::read_paused() {
  SLUICE_ASSIGN_OR_RETURN(store_paused_, store_.paused_flags());
  return Status::ok_status();
}

// The due workflows' runs in three store calls whatever their number: what the store holds of
// them, then every due run made at once.
Status Scheduler::create_runs(int64_t now_ms) {
  std::vector<const Workflow*> due;
  std::vector<std::string> names;
  for (const Workflow& w : workflows_) {
    if (paused(w)) continue;
    auto at = due_at_.find(w.name);
    if (at != due_at_.end() && at->second > now_ms) continue;
    due.push_back(&w);
    names.push_back(w.name);
  }
  if (due.empty()) return Status::ok_status();
  SLUICE_ASSIGN_OR_RETURN(auto states, store_.schedule_states(names));
  std::vector<NewRun> runs;
  std::vector<int64_t> next_due;
  for (const Workflow* w : due) {
    SLUICE_ASSIGN_OR_RETURN(DuePlan plan, plan_due_runs(*w, states[w->name], now_ms));
    std::move(plan.runs.begin(), plan.runs.end(), std::back_inserter(runs));
    // No run ever due: never look again. Held back by max_active_runs: look again when one of
    // its runs ends (advance()) or after max_sleep_ms.
    int64_t next = plan.next_due_ms.value_or(std::numeric_limits<int64_t>::max());
    if (plan.at_max_active && next <= now_ms) next = now_ms + options_.max_sleep_ms;
    next_due.push_back(next);
  }
  SLUICE_ASSIGN_OR_RETURN(auto made, store_.create_runs(runs));
  // Only once they are made: after a failure the next pass looks again.
  for (size_t i = 0; i < due.size(); ++i)
    due_at_[due[i]->name] = next_due[i];
  // A new run has nothing for the trigger rules to decide: its tasks without upstream tasks
  // were made queued, the others wait for those. So it is not advanced until one ends.
  for (CreatedRun& created : made) {
    if (!created.created) continue;  // another scheduler made it first
    spdlog::info("workflow {} run {}: created", created.run.workflow, created.run.run_id);
    known_runs_.insert_or_assign(created.run.id, std::move(created.run));
  }
  return Status::ok_status();
}

// The runs to advance and their instances in two reads, whatever their number.
Status Scheduler::advance_runs(bool full, int64_t now_ms) {
  std::vector<WorkflowRun> runs;
  if (full) {
    SLUICE_ASSIGN_OR_RETURN(runs, store_.active_runs(kActiveRunsPerPass));
    if (options_.probe != nullptr) {
      std::map<std::string, int> active;
      for (const Workflow& w : workflows_)
        active[w.name] = 0;
      for (const WorkflowRun& run : runs) {
        auto it = active.find(run.workflow);
        if (it != active.end()) ++it->second;
      }
      for (const auto& [name, count] : active)
        options_.probe->set_active_runs(name, count);
    }
  } else if (!dirty_runs_.empty()) {
    SLUICE_ASSIGN_OR_RETURN(
        runs, store_.get_runs(std::vector<int64_t>(dirty_runs_.begin(), dirty_runs_.end())));
    std::erase_if(runs, [](const WorkflowRun& run) {
      return run.state != RunState::kQueued && run.state != RunState::kRunning;
    });
  }
  dirty_runs_.clear();
  if (full) known_runs_.clear();
  // Another config's workflow on a shared store, or one paused: left as it is.
  std::vector<int64_t> ids;
  for (const WorkflowRun& run : runs) {
    known_runs_.insert_or_assign(run.id, run);
    const Workflow* w = workflow(run.workflow);
    if (w != nullptr && !paused(*w)) ids.push_back(run.id);
  }
  SLUICE_ASSIGN_OR_RETURN(auto instances, store_.task_instances_of(ids));
  for (const WorkflowRun& run : runs) {
    auto mine = instances.find(run.id);
    if (mine == instances.end()) continue;
    SLUICE_RETURN_IF_ERROR(advance(run, mine->second, now_ms));
  }
  return Status::ok_status();
}

Status Scheduler::advance(const WorkflowRun& run, const std::vector<TaskInstance>& instances,
                          int64_t now_ms) {
  const Workflow* w = workflow(run.workflow);
  SLUICE_ASSIGN_OR_RETURN(RunAdvance moved, advance_run(store_, *w, run, instances, now_ms));
  if (options_.probe != nullptr) {
    for (const auto& [task, state] : moved.moved)
      options_.probe->task_outcome(w->name, state);
    if (moved.ended) options_.probe->run_ended(w->name, *moved.ended);
  }
  // A run that ended makes room under max_active_runs.
  if (moved.ended) {
    due_at_[w->name] = std::min(due_at_[w->name], now_ms);
    known_runs_.erase(run.id);
  }
  return Status::ok_status();
}

}  // namespace sluice::schedule
