#include "schedule/runner/scheduler.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <utility>

#include "core/clock.h"
#include "core/log_context.h"
#include "schedule/duration.h"
#include "schedule/retry.h"
#include "schedule/runner/run_advance.h"
#include "schedule/runner/run_creation.h"
#include "schedule/task_template.h"

namespace sluice::schedule {

struct Scheduler::Attempt {
  AttemptKey key;
  std::string workflow;
  std::string run_id;
  TaskSpec task;  // rendered for its run
  std::optional<int64_t> deadline_ms;
  std::atomic<bool> cancel{false};
  bool timed_out = false;  // the scheduler's thread only
  bool lost = false;       // the lease was taken away: its finish would be refused
  bool done = false;       // guarded by mutex_
  Status result;           // set before done
  std::thread thread;
};

namespace {

// The attempt's log in the run store. A log that cannot be written does not fail the attempt.
class StoreLog : public AttemptLog {
 public:
  StoreLog(RunStore& store, const AttemptKey& key) : store_(store), key_(key) {}
  void write(std::string_view text) override {
    Status s = store_.append_log(key_.run, key_.task, key_.attempt, text);
    if (!s.ok())
      spdlog::warn("task {} attempt {}: log: {}", key_.task, key_.attempt, s.to_string());
  }

 private:
  RunStore& store_;
  const AttemptKey& key_;
};

std::string default_owner() {
  char host[256] = {};
  if (::gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  return std::string(host) + ":" + std::to_string(::getpid()) + ":" + std::to_string(now_ms());
}

Instant instant_of(int64_t ms) {
  return std::chrono::floor<std::chrono::seconds>(
      std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(ms)));
}

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
}

Scheduler::~Scheduler() {
  std::list<std::unique_ptr<Attempt>> attempts;
  {
    std::lock_guard lock(mutex_);
    for (auto& attempt : attempts_)
      attempt->cancel = true;
    attempts.swap(attempts_);
  }
  // Without the lock: an attempt's thread takes it to say it is done.
  for (auto& attempt : attempts) {
    if (attempt->thread.joinable()) attempt->thread.join();
  }
}

const Workflow* Scheduler::workflow(const std::string& name) const {
  for (const Workflow& w : workflows_) {
    if (w.name == name) return &w;
  }
  return nullptr;
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

Status Scheduler::tick() {
  ended_ = false;
  const int64_t now = clock_();
  SLUICE_RETURN_IF_ERROR(record_finished());
  SLUICE_RETURN_IF_ERROR(requeue_expired(now));
  SLUICE_RETURN_IF_ERROR(heartbeat(now));
  enforce_timeouts(now);
  SLUICE_RETURN_IF_ERROR(schedule_workflows(now));
  return claim_and_start(now);
}

void Scheduler::run(const std::atomic<bool>& stop) {
  spdlog::info("scheduler {}: {} workflows, parallelism {}", options_.owner, workflows_.size(),
               options_.parallelism);
  while (!stop) {
    Status s = tick();
    if (!s.ok()) spdlog::warn("scheduler: {}", s.to_string());
    wait_for(options_.poll_ms, stop, &ended_);
  }
  // Let what runs end on its own, still renewing its leases, then cancel what is left.
  const auto grace_end =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.shutdown_grace_ms);
  std::atomic<bool> never{false};
  while (in_flight() > 0) {
    if (std::chrono::steady_clock::now() >= grace_end) {
      std::lock_guard lock(mutex_);
      for (auto& attempt : attempts_)
        attempt->cancel = true;
    }
    Status s = record_finished();
    if (s.ok()) s = heartbeat(clock_());
    if (!s.ok()) spdlog::warn("scheduler: {}", s.to_string());
    if (in_flight() > 0) wait_for(std::min(options_.poll_ms, 100), never, &ended_);
    ended_ = false;
  }
  spdlog::info("scheduler {}: stopped", options_.owner);
}

Status Scheduler::record_finished() {
  std::list<std::unique_ptr<Attempt>> finished;
  {
    std::lock_guard lock(mutex_);
    for (auto it = attempts_.begin(); it != attempts_.end();) {
      if ((*it)->done) {
        auto next = std::next(it);
        finished.splice(finished.end(), attempts_, it);
        it = next;
      } else {
        ++it;
      }
    }
  }
  Status first;
  for (auto& attempt : finished) {
    attempt->thread.join();
    Status s = record(*attempt, clock_());
    if (!s.ok() && first.ok()) first = s;
  }
  return first;
}

Status Scheduler::record(Attempt& attempt, int64_t now_ms) {
  const std::string who =
      fmt::format("workflow {} run {} task {}", attempt.workflow, attempt.run_id, attempt.key.task);
  Status result = attempt.result;
  if (attempt.timed_out) {
    result = Status::timeout("timed out after " + format_duration(*attempt.task.timeout));
  }
  TaskState to = TaskState::kSuccess;
  int64_t retry_at = 0;
  if (!result.ok()) {
    StoreLog(store_, attempt.key).write("\n" + result.to_string() + "\n");
    if (may_retry(attempt.task, attempt.key.attempt)) {
      to = TaskState::kUpForRetry;
      retry_at = now_ms + retry_delay(attempt.task, attempt.key.attempt).count();
    } else {
      to = TaskState::kFailed;
    }
  }
  SLUICE_ASSIGN_OR_RETURN(bool moved, store_.finish(attempt.key, to, now_ms, retry_at));
  if (!moved) {
    spdlog::warn("{}: attempt {} ended, but its lease was taken away: not recorded", who,
                 attempt.key.attempt);
    return Status::ok_status();
  }
  if (result.ok()) {
    spdlog::info("{}: success (attempt {})", who, attempt.key.attempt);
  } else {
    spdlog::info("{}: {} (attempt {}): {}", who, task_state_name(to), attempt.key.attempt,
                 result.message());
  }
  return Status::ok_status();
}

Status Scheduler::requeue_expired(int64_t now_ms) {
  SLUICE_ASSIGN_OR_RETURN(auto requeued, store_.requeue_expired(now_ms));
  for (const TaskInstance& instance : requeued) {
    spdlog::info("run {} task {}: lease of attempt {} expired: {}", instance.run, instance.task,
                 instance.attempt, task_state_name(instance.state));
  }
  return Status::ok_status();
}

Status Scheduler::heartbeat(int64_t now_ms) {
  if (now_ms - last_heartbeat_ms_ < options_.lease_ms / 3) return Status::ok_status();
  last_heartbeat_ms_ = now_ms;
  if (in_flight() == 0) return Status::ok_status();
  SLUICE_ASSIGN_OR_RETURN(auto held, store_.heartbeat(options_.owner, now_ms, options_.lease_ms));
  std::lock_guard lock(mutex_);
  for (auto& attempt : attempts_) {
    const bool still = std::any_of(held.begin(), held.end(), [&](const AttemptKey& k) {
      return k.run == attempt->key.run && k.task == attempt->key.task &&
             k.attempt == attempt->key.attempt;
    });
    if (!still && !attempt->done && !attempt->lost) {
      attempt->lost = true;
      attempt->cancel = true;
      spdlog::warn("workflow {} run {} task {}: attempt {} lost its lease: cancelling",
                   attempt->workflow, attempt->run_id, attempt->key.task, attempt->key.attempt);
    }
  }
  return Status::ok_status();
}

void Scheduler::enforce_timeouts(int64_t now_ms) {
  std::lock_guard lock(mutex_);
  for (auto& attempt : attempts_) {
    if (attempt->deadline_ms && now_ms >= *attempt->deadline_ms && !attempt->timed_out &&
        !attempt->done) {
      attempt->timed_out = true;
      attempt->cancel = true;
    }
  }
}

Status Scheduler::schedule_workflows(int64_t now_ms) {
  for (const Workflow& w : workflows_) {
    SLUICE_ASSIGN_OR_RETURN(auto paused, store_.paused(w.name));
    if (paused.value_or(w.paused)) continue;
    SLUICE_ASSIGN_OR_RETURN(auto made, create_due_runs(store_, w, now_ms));
    for (const WorkflowRun& run : made) {
      spdlog::info("workflow {} run {}: created", w.name, run.run_id);
    }
  }
  SLUICE_ASSIGN_OR_RETURN(auto active, store_.active_runs(1000));
  for (const WorkflowRun& run : active) {
    const Workflow* w = workflow(run.workflow);
    if (w == nullptr) continue;  // another config's workflow, on a shared store
    SLUICE_ASSIGN_OR_RETURN(auto paused, store_.paused(w->name));
    if (paused.value_or(w->paused)) continue;
    SLUICE_RETURN_IF_ERROR(advance_run(store_, *w, run, now_ms));
  }
  return Status::ok_status();
}

Status Scheduler::claim_and_start(int64_t now_ms) {
  const int free = options_.parallelism - static_cast<int>(in_flight());
  if (free <= 0) return Status::ok_status();
  ClaimRequest request;
  request.owner = options_.owner;
  request.max = free;
  request.now_ms = now_ms;
  request.lease_ms = options_.lease_ms;
  SLUICE_ASSIGN_OR_RETURN(auto claimed, store_.claim(request));
  if (!claimed.empty()) last_heartbeat_ms_ = now_ms;  // the claim wrote fresh leases
  for (const TaskInstance& instance : claimed)
    SLUICE_RETURN_IF_ERROR(start(instance, now_ms));
  return Status::ok_status();
}

Status Scheduler::start(const TaskInstance& instance, int64_t now_ms) {
  SLUICE_ASSIGN_OR_RETURN(WorkflowRun run, store_.get_run(instance.run));
  auto attempt = std::make_unique<Attempt>();
  attempt->key = AttemptKey{instance.run, instance.task, instance.attempt, options_.owner};
  attempt->workflow = run.workflow;
  attempt->run_id = run.run_id;
  spdlog::info("workflow {} run {} task {}: running (attempt {})", run.workflow, run.run_id,
               instance.task, instance.attempt);

  // What cannot start fails the attempt: a workflow or task this config no longer declares, a
  // template the run's params cannot fill.
  Status cannot_start;
  const Workflow* w = workflow(run.workflow);
  const auto index = w ? w->task_index(instance.task) : std::nullopt;
  if (!index) {
    cannot_start = Status::not_found("this scheduler's config declares no task \"" + instance.task +
                                     "\" in workflow \"" + run.workflow + "\"");
  } else {
    attempt->task = w->tasks[*index];
    const auto context =
        make_template_context(*w, instant_of(run.logical_date_ms), run.run_id, run.params);
    auto rendered = render_task(attempt->task, context);
    if (rendered.ok()) {
      attempt->task = std::move(rendered).value();
    } else {
      cannot_start = rendered.status();
    }
  }
  if (!cannot_start.ok()) {
    attempt->result = cannot_start;
    attempt->task.retries = 0;  // retrying cannot help
    return record(*attempt, now_ms);
  }
  if (attempt->task.timeout) attempt->deadline_ms = now_ms + attempt->task.timeout->count();

  TaskAttempt task_attempt{run.workflow,  run.run_id,       run.id, run.logical_date_ms,
                           attempt->task, instance.attempt, now_ms};
  Attempt* raw = attempt.get();
  std::lock_guard lock(mutex_);
  attempts_.push_back(std::move(attempt));
  raw->thread = std::thread(
      [this, raw, task_attempt = std::move(task_attempt), context = current_log_context()] {
        const ScopedLogContext inherited(context);
        StoreLog log(store_, raw->key);
        Status result = executor_.run(task_attempt, log, raw->cancel);
        std::lock_guard done_lock(mutex_);
        raw->result = std::move(result);
        raw->done = true;
        ended_ = true;
        changed_.notify_all();
      });
  return Status::ok_status();
}

}  // namespace sluice::schedule
