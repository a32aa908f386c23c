// A scheduler over a SQLite run store in a scratch folder, a clock the test sets and a fake
// executor whose shell command says what the attempt does.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "../schedule/workflow_test_util.h"
#include "../test_dir.h"
#include "schedule/runner/scheduler.h"
#include "schedule/runner/scheduler_probe.h"
#include "schedule/store/sqlite/sqlite_run_store.h"

namespace sluice::testing {

// 2024-01-01T00:00:00Z
inline constexpr int64_t kT0 = 1704067200000;
inline constexpr int64_t kHour = 3600000;

// The command's first word decides: "ok" succeeds, "fail" fails, "hang" runs until cancelled.
// Every call is counted by "<task>" and remembered with its command.
class FakeExecutor : public schedule::TaskExecutor {
 public:
  Status run(const schedule::TaskAttempt& attempt, schedule::AttemptLog& log,
             const std::atomic<bool>& cancel) override {
    const std::string& command = attempt.task.shell.command;
    {
      std::lock_guard lock(mutex_);
      ++runs_[attempt.task.name];
      commands_.push_back(command);
    }
    log.write("running " + command + "\n");
    if (command.starts_with("fail")) return Status::internal("exit status 1");
    if (command.starts_with("hang")) {
      while (!cancel)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      return Status::aborted("cancelled");
    }
    return Status::ok_status();
  }
  int runs(const std::string& task) {
    std::lock_guard lock(mutex_);
    return runs_[task];
  }
  std::vector<std::string> commands() {
    std::lock_guard lock(mutex_);
    return commands_;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, int> runs_;
  std::vector<std::string> commands_;
};

class SchedulerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fresh_test_dir("sluice_scheduler");
    store_ = std::make_unique<schedule::SqliteRunStore>((dir_ / "scheduler.db").string());
    ASSERT_TRUE(store_->open().ok());
  }
  void TearDown() override {
    scheduler_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // A scheduler for the workflows `yaml` declares (a `workflows:` section).
  // Its metrics go to registry_ through probe_.
  void start(const std::string& yaml, int parallelism = 4, int max_sleep_ms = 1000) {
    workflows_ = workflows_of(yaml);
    ASSERT_FALSE(workflows_.empty());
    std::vector<std::string> names;
    for (const Workflow& w : workflows_)
      names.push_back(w.name);
    registry_ = std::make_shared<prometheus::Registry>();
    probe_ = std::make_unique<schedule::SchedulerProbe>(*registry_, names);
    schedule::SchedulerOptions options;
    options.owner = "test";
    options.parallelism = parallelism;
    options.lease_ms = 30000;
    options.max_sleep_ms = max_sleep_ms;
    options.probe = probe_.get();
    scheduler_ = std::make_unique<schedule::Scheduler>(
        workflows_, *store_, executor_, [this] { return now_.load(); }, options);
  }

  // Ticks until what the clock allows has happened: attempts started end, their successors run.
  void settle() {
    for (int i = 0; i < 12; ++i) {
      Status s = scheduler_->tick();
      ASSERT_TRUE(s.ok()) << s.to_string();
      ASSERT_TRUE(scheduler_->wait_idle(std::chrono::seconds(10)));
    }
  }

  std::vector<schedule::WorkflowRun> runs(const std::string& workflow) {
    auto r = store_->list_runs(workflow, 100, 0);
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return r.ok() ? *r : std::vector<schedule::WorkflowRun>{};
  }

  // "task=state" for each instance of the run, in run order.
  std::string states(int64_t run) {
    auto r = store_->task_instances(run);
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    std::string out;
    for (const auto& i : r.ok() ? *r : std::vector<schedule::TaskInstance>{}) {
      if (!out.empty()) out += " ";
      out += i.task + "=" + std::string(task_state_name(i.state));
    }
    return out;
  }

  schedule::TaskInstance instance(int64_t run, const std::string& task) {
    auto r = store_->task_instance(run, task);
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return r.ok() ? *r : schedule::TaskInstance{};
  }

  std::filesystem::path dir_;
  std::unique_ptr<schedule::RunStore> store_;
  FakeExecutor executor_;
  std::atomic<int64_t> now_{kT0};
  std::vector<Workflow> workflows_;
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<schedule::SchedulerProbe> probe_;
  std::unique_ptr<schedule::Scheduler> scheduler_;
};

}  // namespace sluice::testing
