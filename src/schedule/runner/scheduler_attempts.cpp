// The scheduler's attempts: starting them on their threads, recording how they ended, their
// leases and timeouts.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "core/log_context.h"
#include "schedule/duration.h"
#include "schedule/retry.h"
#include "schedule/runner/scheduler.h"
#include "schedule/runner/scheduler_attempt.h"
#include "schedule/task_template.h"

namespace sluice::schedule {
void StoreLog::write(std::string_view text) {
  Status s = store_.append_log(key_.run, key_.task, key_.attempt, text);
  if (!s.ok()) spdlog::warn("task {} attempt {}: log: {}", key_.task, key_.attempt, s.to_string());
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
  std::vector<Attempt*> ended;
  for (auto& attempt : finished)
    ended.push_back(attempt.get());
  Status s = record(ended, clock_());
  if (!s.ok()) {
    // Not recorded (the store failed): the next pass tries again. finish is a compare-and-set,
    // so an end that did land the first time is refused then, not recorded twice.
    std::lock_guard lock(mutex_);
    attempts_.splice(attempts_.end(), finished);
  }
  return s;
}

// Every attempt's end in one finish_all().
Status Scheduler::record(const std::vector<Attempt*>& attempts, int64_t now_ms) {
  if (attempts.empty()) return Status::ok_status();
  std::vector<AttemptEnd> ends;
  std::vector<Status> results;
  for (Attempt* attempt : attempts) {
    Status result = attempt->result;
    if (attempt->timed_out) {
      result = Status::timeout("timed out after " + format_duration(*attempt->task.timeout));
    }
    AttemptEnd end{attempt->key, TaskState::kSuccess, 0};
    if (!result.ok()) {
      StoreLog(store_, attempt->key).write("\n" + result.to_string() + "\n");
      if (may_retry(attempt->task, attempt->key.attempt)) {
        end.to = TaskState::kUpForRetry;
        end.retry_at_ms = now_ms + retry_delay(attempt->task, attempt->key.attempt).count();
      } else {
        end.to = TaskState::kFailed;
      }
    }
    ends.push_back(std::move(end));
    results.push_back(std::move(result));
  }
  SLUICE_ASSIGN_OR_RETURN(std::vector<bool> moved, store_.finish_all(ends, now_ms));
  for (size_t i = 0; i < attempts.size(); ++i) {
    const Attempt& attempt = *attempts[i];
    const AttemptEnd& end = ends[i];
    const std::string who = fmt::format("workflow {} run {} task {}", attempt.workflow,
                                        attempt.run_id, attempt.key.task);
    if (!moved[i]) {
      spdlog::warn("{}: attempt {} ended, but its lease was taken away: not recorded", who,
                   attempt.key.attempt);
      continue;
    }
    dirty_runs_.insert(attempt.key.run);
    if (end.to == TaskState::kUpForRetry) retry_at_.push_back(end.retry_at_ms);
    if (options_.probe != nullptr) {
      options_.probe->task_outcome(attempt.workflow, end.to);
      options_.probe->task_duration(attempt.workflow,
                                    static_cast<double>(now_ms - attempt.started_ms) / 1000.0);
    }
    if (results[i].ok()) {
      spdlog::info("{}: success (attempt {})", who, attempt.key.attempt);
    } else {
      spdlog::info("{}: {} (attempt {}): {}", who, task_state_name(end.to), attempt.key.attempt,
                   results[i].message());
    }
  }
  return Status::ok_status();
}

Status Scheduler::requeue_expired(int64_t now_ms) {
  SLUICE_ASSIGN_OR_RETURN(auto requeued, store_.requeue_expired(now_ms));
  for (const TaskInstance& instance : requeued) {
    spdlog::info("run {} task {}: lease of attempt {} expired: {}", instance.run, instance.task,
                 instance.attempt, task_state_name(instance.state));
    dirty_runs_.insert(instance.run);
    if (options_.probe == nullptr) continue;
    SLUICE_ASSIGN_OR_RETURN(WorkflowRun run, store_.get_run(instance.run));
    options_.probe->task_outcome(run.workflow, instance.state);
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

Status Scheduler::claim_and_start(int64_t now_ms) {
  const int free = options_.parallelism - static_cast<int>(in_flight());
  if (free <= 0) return Status::ok_status();
  ClaimRequest request;
  request.owner = options_.owner;
  request.max = free;
  request.now_ms = now_ms;
  request.lease_ms = options_.lease_ms;
  for (const Workflow& w : workflows_) {
    if (!paused(w)) request.workflows.push_back(w.name);
  }
  // Nothing of ours may run (an empty list would mean any workflow).
  if (request.workflows.empty()) return Status::ok_status();
  SLUICE_ASSIGN_OR_RETURN(auto claimed, store_.claim(request));
  if (!claimed.empty()) last_heartbeat_ms_ = now_ms;  // the claim wrote fresh leases
  std::vector<std::unique_ptr<Attempt>> ready;
  Status failed;
  for (const TaskInstance& instance : claimed) {
    auto attempt = start(instance, now_ms);
    if (!attempt.ok()) {
      failed = attempt.status();  // the rest wait for their lease to run out
      break;
    }
    if (*attempt != nullptr) ready.push_back(std::move(attempt).value());
  }
  dispatch(std::move(ready));
  return failed;
}

// Hands the attempts to the workers under one lock and one wake-up: a lock and a notify per
// attempt were a tenth of a burst's time.
void Scheduler::dispatch(std::vector<std::unique_ptr<Attempt>> ready) {
  if (ready.empty()) return;
  std::lock_guard lock(mutex_);
  for (auto& attempt : ready) {
    queue_.push_back(attempt.get());
    attempts_.push_back(std::move(attempt));
  }
  // Every attempt running at once has a worker: a shell task blocks its worker for its length.
  while (idle_workers_ < static_cast<int>(queue_.size())) {
    ++idle_workers_;
    // The worker logs with the loop's context (pipeline, stage), as the attempt would.
    workers_.emplace_back([this, context = current_log_context()] {
      const ScopedLogContext inherited(context);
      work();
    });
  }
  for (size_t i = 0; i < ready.size(); ++i)
    work_.notify_one();
}

Result<std::unique_ptr<Scheduler::Attempt>> Scheduler::start(const TaskInstance& instance,
                                                             int64_t now_ms) {
  auto known = known_runs_.find(instance.run);
  if (known == known_runs_.end()) {
    SLUICE_ASSIGN_OR_RETURN(WorkflowRun read, store_.get_run(instance.run));
    known = known_runs_.emplace(read.id, std::move(read)).first;
  }
  const WorkflowRun& run = known->second;
  auto attempt = std::make_unique<Attempt>();
  attempt->key = AttemptKey{instance.run, instance.task, instance.attempt, options_.owner};
  attempt->workflow = run.workflow;
  attempt->run_id = run.run_id;
  attempt->started_ms = now_ms;
  spdlog::info("workflow {} run {} task {}: running (attempt {})", run.workflow, run.run_id,
               instance.task, instance.attempt);
  if (options_.probe != nullptr) {
    options_.probe->start_delay(
        static_cast<double>(std::max<int64_t>(0, now_ms - instance.ready_at_ms)) / 1000.0);
  }

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
        make_template_context(*w, instant_of_ms(run.logical_date_ms), run.run_id, run.params);
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
    SLUICE_RETURN_IF_ERROR(record({attempt.get()}, now_ms));
    return std::unique_ptr<Attempt>();
  }
  if (attempt->task.timeout) attempt->deadline_ms = now_ms + attempt->task.timeout->count();

  attempt->what = TaskAttempt{run.workflow,  run.run_id,       run.id, run.logical_date_ms,
                              attempt->task, instance.attempt, now_ms, instance.ready_at_ms};
  return attempt;
}

}  // namespace sluice::schedule
