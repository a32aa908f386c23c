// The RunStore contract (src/schedule/store/run_store.h): one typed suite run against every
// implementation. A factory is a class with
//   Factory();                          // a database of its own, empty; dropped when it goes
//   std::unique_ptr<schedule::RunStore> make();  // another store on it, with a connection of
//                                                // its own, not opened
//   std::pair<std::string, std::string> claimer_target() const;  // how run_store_claimer opens
//                                                // it: {"sqlite", path} or {"postgres", schema}
// and joins with INSTANTIATE_TYPED_TEST_SUITE_P(Name, RunStoreContract, Factory): SQLite in
// tests/unit/run_store/, PostgreSQL in tests/integration/postgres_run_store_test.cpp (it needs
// the server). Racing cases give each thread or process a store of its own, as two schedulers
// have. SLUICE_RUN_STORE_CLAIMER is the path of run_store_claimer (run_store_claimer.cpp).
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "schedule/store/run_store.h"

namespace sluice::contract {

using schedule::AttemptKey;
using schedule::ClaimRequest;
using schedule::NewRun;
using schedule::RunKind;
using schedule::RunState;
using schedule::RunStore;
using schedule::TaskInstance;

inline constexpr int64_t kDay = 24LL * 3600 * 1000;
inline constexpr int64_t kMay1 = 1714521600000;  // 2024-05-01T00:00:00Z

// ---- Other processes ----

// A run_store_claimer process whose stdout goes to a file.
class Claimer {
 public:
  Claimer(const std::pair<std::string, std::string>& target, const std::string& owner,
          int64_t lease_ms, int batch, bool hold, std::filesystem::path out)
      : out_(std::move(out)) {
    std::vector<std::string> args = {
        SLUICE_RUN_STORE_CLAIMER, target.first,         target.second, owner,
        std::to_string(lease_ms), std::to_string(batch)};
    if (hold) args.emplace_back("hold");
    std::vector<char*> argv;
    for (auto& a : args)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
      ADD_FAILURE() << "cannot start " << argv[0] << ": " << rc;
      pid_ = -1;
    }
  }
  Claimer(const Claimer&) = delete;
  Claimer& operator=(const Claimer&) = delete;
  ~Claimer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  // The exit status (-1 when it did not exit normally), waiting at most `limit`.
  int wait(std::chrono::seconds limit = std::chrono::seconds(120)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    int status = 0;
    while (pid_ > 0) {
      const pid_t done = ::waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      if (std::chrono::steady_clock::now() > deadline) {
        ADD_FAILURE() << "run_store_claimer did not finish in time";
        kill_now();
        return -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }

  void kill_now() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  std::vector<std::string> lines() const {
    std::ifstream in(out_);
    std::vector<std::string> all;
    for (std::string line; std::getline(in, line);)
      all.push_back(line);
    return all;
  }

  // Waits until a line equals `line`; false after `limit`.
  bool wait_for_line(const std::string& line, std::chrono::seconds limit) const {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto all = lines();
      if (std::find(all.begin(), all.end(), line) != all.end()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

 private:
  std::filesystem::path out_;
  pid_t pid_ = -1;
};

// (run, task, attempt) of each "claimed" / "finished ... 1" line.
using AttemptId = std::tuple<int64_t, std::string, int>;
inline std::vector<AttemptId> attempts_in(const std::vector<std::string>& lines,
                                          const std::string& word) {
  std::vector<AttemptId> out;
  for (const std::string& line : lines) {
    std::istringstream in(line);
    std::string first;
    AttemptId id;
    int taken = 1;
    in >> first >> std::get<0>(id) >> std::get<1>(id) >> std::get<2>(id);
    if (word == "finished") in >> taken;
    if (first == word && taken == 1) out.push_back(id);
  }
  return out;
}

inline int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// ---- The fixture ----

template <typename Factory>
class RunStoreContract : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = opened();
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(scratch_dir(), ec);
  }

  std::unique_ptr<RunStore> opened() {
    std::unique_ptr<RunStore> store = factory_.make();
    Status s = store->open();
    EXPECT_TRUE(s.ok()) << s.to_string();
    return s.ok() ? std::move(store) : nullptr;
  }

  static NewRun new_run(const std::string& workflow, int64_t date, int tasks, int retries = 0,
                        RunKind kind = RunKind::kScheduled) {
    NewRun run;
    run.workflow = workflow;
    run.logical_date_ms = date;
    run.data_interval_end_ms = date + kDay;
    run.kind = kind;
    run.now_ms = date + kDay + 5;
    for (int i = 0; i < tasks; ++i)
      run.tasks.push_back({"t" + std::to_string(i), retries});
    return run;
  }

  // Creates the run (it must be new) and queues every task; returns its id.
  int64_t queued_run(const std::string& workflow, int64_t date, int tasks, int retries = 0) {
    auto made = store_->create_run(new_run(workflow, date, tasks, retries));
    EXPECT_TRUE(made.ok()) << made.status().to_string();
    if (!made.ok()) return 0;
    EXPECT_TRUE(made->created);
    for (int i = 0; i < tasks; ++i) {
      auto moved = store_->transition(made->run.id, "t" + std::to_string(i), TaskState::kNone,
                                      TaskState::kQueued, date);
      EXPECT_TRUE(moved.ok() && *moved) << "t" << i;
    }
    return made->run.id;
  }

  // date -> (run id, created) of each creator's answer.
  using Answers = std::map<int64_t, std::vector<std::pair<int64_t, bool>>>;

  // Runs body(i, store) on `threads` threads at once, each with a store of its own.
  void at_once(int threads, const std::function<void(int, RunStore&)>& body) {
    std::vector<std::unique_ptr<RunStore>> stores;
    for (int i = 0; i < threads; ++i)
      stores.push_back(opened());
    std::atomic<int> ready{0};
    std::vector<std::thread> running;
    for (int i = 0; i < threads; ++i) {
      running.emplace_back([&, i] {
        ready.fetch_add(1);
        while (ready.load() < threads)
          std::this_thread::yield();
        body(i, *stores[i]);
      });
    }
    for (auto& t : running)
      t.join();
  }

  // Each of `dates` dates got one run, the same for each of `creators`, made by one of them,
  // with `tasks` instances.
  void expect_one_run_each(const Answers& answers, int dates, int creators, size_t tasks) {
    ASSERT_EQ(answers.size(), static_cast<size_t>(dates));
    for (const auto& [d, seen] : answers) {
      ASSERT_EQ(seen.size(), static_cast<size_t>(creators));
      int created = 0;
      for (const auto& [id, made] : seen) {
        EXPECT_EQ(id, seen.front().first) << "date " << d << ": two runs";
        created += made ? 1 : 0;
      }
      EXPECT_EQ(created, 1) << "date " << d;
      EXPECT_EQ(store_->task_instances(seen.front().first)->size(), tasks) << "date " << d;
    }
  }

  TaskInstance instance(int64_t run, const std::string& task) {
    auto t = store_->task_instance(run, task);
    EXPECT_TRUE(t.ok()) << t.status().to_string();
    return t.ok() ? *t : TaskInstance{};
  }

  // A file for a claimer's output, in a folder of this test's own.
  std::filesystem::path scratch(const std::string& name) {
    std::filesystem::create_directories(scratch_dir());
    return scratch_dir() / name;
  }
  static std::filesystem::path scratch_dir() {
    return std::filesystem::temp_directory_path() /
           ("sluice_run_store_claimers_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
  }

  Factory factory_;
  std::unique_ptr<RunStore> store_;
};

TYPED_TEST_SUITE_P(RunStoreContract);

// ---- Opening ----

TYPED_TEST_P(RunStoreContract, ManyOpenersAtOnceCreateTheTablesOnce) {
  // A fresh database: the fixture's store has created it; these are made on a second one.
  TypeParam other;
  constexpr int kOpeners = 6;
  std::vector<std::unique_ptr<RunStore>> stores;
  for (int i = 0; i < kOpeners; ++i)
    stores.push_back(other.make());
  std::vector<Status> results(kOpeners);
  std::vector<std::thread> threads;
  for (int i = 0; i < kOpeners; ++i)
    threads.emplace_back([&, i] { results[i] = stores[i]->open(); });
  for (auto& t : threads)
    t.join();
  // The tables are made by plain CREATE TABLE: a second creator would have failed.
  for (int i = 0; i < kOpeners; ++i)
    EXPECT_TRUE(results[i].ok()) << i << ": " << results[i].to_string();
  auto made = stores[0]->create_run(this->new_run("wf", kMay1, 2));
  ASSERT_TRUE(made.ok()) << made.status().to_string();
  auto seen = stores[kOpeners - 1]->get_run(made->run.id);
  ASSERT_TRUE(seen.ok()) << seen.status().to_string();
  EXPECT_EQ(seen->run_id, made->run.run_id);
}

// ---- Runs ----

TYPED_TEST_P(RunStoreContract, CreateRunKeepsWhatItWasGiven) {
  NewRun run = this->new_run("ingest_users", kMay1, 3, 2, RunKind::kManual);
  run.params = {{"seed", "42"}, {"quote", "a \"b\" \\ c"}, {"unicode", "gr\xc3\xbc\xc3\x9f"}};
  auto made = this->store_->create_run(run);
  ASSERT_TRUE(made.ok()) << made.status().to_string();
  EXPECT_TRUE(made->created);
  const schedule::WorkflowRun& r = made->run;
  EXPECT_GT(r.id, 0);
  EXPECT_EQ(r.run_id, "manual__2024-05-01T00:00:00+00:00");
  EXPECT_EQ(r.workflow, "ingest_users");
  EXPECT_EQ(r.logical_date_ms, kMay1);
  EXPECT_EQ(r.data_interval_end_ms, kMay1 + kDay);
  EXPECT_EQ(r.kind, RunKind::kManual);
  EXPECT_EQ(r.params, run.params);
  EXPECT_EQ(r.state, RunState::kQueued);
  EXPECT_EQ(r.created_ms, run.now_ms);
  EXPECT_FALSE(r.started_ms.has_value());
  EXPECT_FALSE(r.ended_ms.has_value());

  auto tasks = this->store_->task_instances(r.id);
  ASSERT_TRUE(tasks.ok()) << tasks.status().to_string();
  ASSERT_EQ(tasks->size(), 3U);
  for (int i = 0; i < 3; ++i) {
    const TaskInstance& t = (*tasks)[i];
    EXPECT_EQ(t.task, "t" + std::to_string(i)) << "in the order given";
    EXPECT_EQ(t.state, TaskState::kNone);
    EXPECT_EQ(t.attempt, 0);
    EXPECT_EQ(t.max_attempts, 3);
    EXPECT_EQ(t.owner, "");
  }
  // Read back through another store: it is stored, not cached.
  auto again = this->opened()->get_run(r.id);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->params, run.params);
  auto by_id = this->store_->find_run("ingest_users", "manual__2024-05-01T00:00:00+00:00");
  ASSERT_TRUE(by_id.ok()) << by_id.status().to_string();
  EXPECT_EQ(by_id->id, r.id);
  EXPECT_EQ(this->store_->find_run("other", r.run_id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(this->store_->get_run(r.id + 1000).status().code(), StatusCode::kNotFound);
}

TYPED_TEST_P(RunStoreContract, ASecondCreateOfOneLogicalDateGetsTheFirstRun) {
  auto first = this->store_->create_run(this->new_run("wf", kMay1, 2));
  ASSERT_TRUE(first.ok());
  NewRun other = this->new_run("wf", kMay1, 5, 0, RunKind::kManual);
  other.params = {{"k", "v"}};
  auto second = this->store_->create_run(other);
  ASSERT_TRUE(second.ok()) << second.status().to_string();
  EXPECT_FALSE(second->created);
  EXPECT_EQ(second->run.id, first->run.id);
  EXPECT_EQ(second->run.kind, RunKind::kScheduled) << "the existing run, as it is";
  EXPECT_TRUE(second->run.params.empty());
  EXPECT_EQ(this->store_->task_instances(first->run.id)->size(), 2U);
  // Another workflow or another date is another run.
  auto third = this->store_->create_run(this->new_run("wf2", kMay1, 1));
  auto fourth = this->store_->create_run(this->new_run("wf", kMay1 + kDay, 1));
  ASSERT_TRUE(third.ok() && fourth.ok());
  EXPECT_TRUE(third->created);
  EXPECT_TRUE(fourth->created);
}

TYPED_TEST_P(RunStoreContract, TasksCreatedQueuedAreClaimableAtOnce) {
  NewRun run = this->new_run("wf", kMay1, 3);
  run.tasks[0].queued = true;
  run.tasks[2].queued = true;
  run.ready_at_ms = kMay1 + kDay;
  auto made = this->store_->create_run(run);
  ASSERT_TRUE(made.ok()) << made.status().to_string();
  auto tasks = this->store_->task_instances(made->run.id);
  ASSERT_TRUE(tasks.ok());
  ASSERT_EQ(tasks->size(), 3U);
  EXPECT_EQ((*tasks)[0].state, TaskState::kQueued);
  EXPECT_EQ((*tasks)[0].ready_at_ms, kMay1 + kDay);
  EXPECT_EQ((*tasks)[1].state, TaskState::kNone);
  EXPECT_EQ((*tasks)[1].ready_at_ms, 0);
  EXPECT_EQ((*tasks)[2].state, TaskState::kQueued);
  // No transition needed: the claim takes the queued ones, and only those.
  auto claimed = this->store_->claim({"sched-a", 10, kMay1 + kDay + 10, 500, {}});
  ASSERT_TRUE(claimed.ok()) << claimed.status().to_string();
  ASSERT_EQ(claimed->size(), 2U);
  EXPECT_EQ((*claimed)[0].task, "t0");
  EXPECT_EQ((*claimed)[1].task, "t2");
  EXPECT_EQ(this->store_->get_run(made->run.id)->state, RunState::kRunning);
}

TYPED_TEST_P(RunStoreContract, RacingCreatorsMakeOneRun) {
  constexpr int kThreads = 8;
  constexpr int kDates = 5;
  std::mutex mu;
  typename TestFixture::Answers answers;
  this->at_once(kThreads, [&](int, RunStore& store) {
    for (int d = 0; d < kDates; ++d) {
      auto made = store.create_run(this->new_run("race", kMay1 + d * kDay, 4));
      std::lock_guard lock(mu);
      if (!made.ok()) {
        ADD_FAILURE() << made.status().to_string();
        continue;
      }
      answers[d].emplace_back(made->run.id, made->created);
    }
  });
  this->expect_one_run_each(answers, kDates, kThreads, 4);
  auto listed = this->store_->list_runs("race", 100, 0);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), static_cast<size_t>(kDates));
}

TYPED_TEST_P(RunStoreContract, ListingIsNewestFirstAndPages) {
  for (int d = 0; d < 7; ++d) {
    const RunKind kind = d == 6 ? RunKind::kManual : RunKind::kScheduled;
    ASSERT_TRUE(this->store_->create_run(this->new_run("wf", kMay1 + d * kDay, 1, 0, kind)).ok());
  }
  ASSERT_TRUE(this->store_->create_run(this->new_run("other", kMay1 + 30 * kDay, 1)).ok());
  auto page1 = this->store_->list_runs("wf", 3, 0);
  auto page3 = this->store_->list_runs("wf", 3, 6);
  auto past = this->store_->list_runs("wf", 3, 7);
  ASSERT_TRUE(page1.ok() && page3.ok() && past.ok());
  ASSERT_EQ(page1->size(), 3U);
  EXPECT_EQ((*page1)[0].logical_date_ms, kMay1 + 6 * kDay);
  EXPECT_EQ((*page1)[2].logical_date_ms, kMay1 + 4 * kDay);
  ASSERT_EQ(page3->size(), 1U);
  EXPECT_EQ((*page3)[0].logical_date_ms, kMay1);
  EXPECT_TRUE(past->empty());
  EXPECT_EQ(this->store_->list_runs("wf", 0, 0).status().code(), StatusCode::kInvalidArgument);

  // The manual run of day 6 is not a scheduled date.
  auto latest = this->store_->latest_scheduled_date("wf");
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(*latest, std::optional<int64_t>(kMay1 + 5 * kDay));
  EXPECT_EQ(*this->store_->latest_scheduled_date("nothing"), std::nullopt);

  auto active = this->store_->count_active_runs("wf");
  ASSERT_TRUE(active.ok());
  EXPECT_EQ(*active, 7);
  const int64_t oldest = (*page3)[0].id;
  ASSERT_TRUE(*this->store_->set_run_state(oldest, RunState::kQueued, RunState::kSuccess, 9));
  EXPECT_EQ(*this->store_->count_active_runs("wf"), 6);
  auto everywhere = this->store_->active_runs(100);
  ASSERT_TRUE(everywhere.ok());
  ASSERT_EQ(everywhere->size(), 7U);  // 6 of wf, 1 of other
  EXPECT_EQ(everywhere->front().logical_date_ms, kMay1 + kDay) << "oldest first";
  EXPECT_EQ(everywhere->back().workflow, "other");
}

// A store that only read (as the REST API's does between requests) keeps nothing open that
// stops it from writing after another store wrote: on SQLite, a statement left stepped held an
// old snapshot, and every later write of its connection failed at once with "database is
// locked" (the scheduler's loop, once a `sluice trigger` or the API had written).
TYPED_TEST_P(RunStoreContract, ReadsLeaveNothingOpenThatBlocksLaterWrites) {
  std::unique_ptr<RunStore> other = this->opened();
  ASSERT_NE(other, nullptr);
  ASSERT_TRUE(this->store_->set_paused("wf", true, 1).ok());
  ASSERT_TRUE(this->store_->create_run(this->new_run("wf", kMay1, 1)).ok());
  for (int round = 0; round < 2; ++round) {
    SCOPED_TRACE(round);
    // Every single-row read, on the store that writes next.
    ASSERT_TRUE(this->store_->latest_scheduled_date("wf").ok());
    ASSERT_TRUE(this->store_->count_active_runs("wf").ok());
    ASSERT_TRUE(this->store_->paused("wf").ok());
    ASSERT_TRUE(this->store_->query_runs("wf", std::nullopt, 1, 0).ok());
    // Another store writes, then this one.
    auto theirs = other->create_run(this->new_run("wf", kMay1 + (2 * round + 1) * kDay, 1));
    ASSERT_TRUE(theirs.ok()) << theirs.status().to_string();
    auto ours = this->store_->create_run(this->new_run("wf", kMay1 + (2 * round + 2) * kDay, 1));
    ASSERT_TRUE(ours.ok()) << ours.status().to_string();
    Status s = this->store_->set_paused("wf", round == 0, 2);
    ASSERT_TRUE(s.ok()) << s.to_string();
  }
  EXPECT_EQ(this->store_->query_runs("wf", std::nullopt, 10, 0)->total, 5);
}

// The REST API's listing: a state filter, pages, and the count over every page.
TYPED_TEST_P(RunStoreContract, QueryFiltersByStateAndCountsEveryPage) {
  std::vector<int64_t> ids;
  for (int d = 0; d < 5; ++d) {
    auto made = this->store_->create_run(this->new_run("wf", kMay1 + d * kDay, 1));
    ASSERT_TRUE(made.ok());
    ids.push_back(made->run.id);
  }
  ASSERT_TRUE(this->store_->create_run(this->new_run("other", kMay1, 1)).ok());
  ASSERT_TRUE(*this->store_->set_run_state(ids[1], RunState::kQueued, RunState::kFailed, 9));
  ASSERT_TRUE(*this->store_->set_run_state(ids[3], RunState::kQueued, RunState::kFailed, 9));

  auto all = this->store_->query_runs("wf", std::nullopt, 2, 1);
  ASSERT_TRUE(all.ok()) << all.status().to_string();
  EXPECT_EQ(all->total, 5);
  ASSERT_EQ(all->runs.size(), 2U);
  EXPECT_EQ(all->runs[0].logical_date_ms, kMay1 + 3 * kDay) << "newest first, from offset 1";
  EXPECT_EQ(all->runs[1].logical_date_ms, kMay1 + 2 * kDay);

  auto failed = this->store_->query_runs("wf", RunState::kFailed, 10, 0);
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->total, 2);
  ASSERT_EQ(failed->runs.size(), 2U);
  EXPECT_EQ(failed->runs[0].id, ids[3]);
  EXPECT_EQ(failed->runs[1].id, ids[1]);

  auto past = this->store_->query_runs("wf", RunState::kQueued, 10, 3);
  ASSERT_TRUE(past.ok());
  EXPECT_TRUE(past->runs.empty());
  EXPECT_EQ(past->total, 3) << "the count does not depend on the page";
  EXPECT_EQ(this->store_->query_runs("none", std::nullopt, 10, 0)->total, 0);
  EXPECT_EQ(this->store_->query_runs("wf", std::nullopt, 0, 0).status().code(),
            StatusCode::kInvalidArgument);
}

TYPED_TEST_P(RunStoreContract, RunStateIsCompareAndSet) {
  auto made = this->store_->create_run(this->new_run("wf", kMay1, 1));
  ASSERT_TRUE(made.ok());
  const int64_t id = made->run.id;
  EXPECT_FALSE(*this->store_->set_run_state(id, RunState::kRunning, RunState::kSuccess, 10));
  EXPECT_TRUE(*this->store_->set_run_state(id, RunState::kQueued, RunState::kRunning, 100));
  EXPECT_FALSE(*this->store_->set_run_state(id, RunState::kQueued, RunState::kRunning, 150));
  EXPECT_TRUE(*this->store_->set_run_state(id, RunState::kRunning, RunState::kFailed, 200));
  auto run = this->store_->get_run(id);
  EXPECT_EQ(run->state, RunState::kFailed);
  EXPECT_EQ(run->started_ms, std::optional<int64_t>(100));
  EXPECT_EQ(run->ended_ms, std::optional<int64_t>(200));
  // Back to queued and running again: the first start stays, the end goes.
  EXPECT_TRUE(*this->store_->set_run_state(id, RunState::kFailed, RunState::kQueued, 300));
  EXPECT_TRUE(*this->store_->set_run_state(id, RunState::kQueued, RunState::kRunning, 400));
  run = this->store_->get_run(id);
  EXPECT_EQ(run->started_ms, std::optional<int64_t>(100));
  EXPECT_FALSE(run->ended_ms.has_value());
}

// ---- Task instances ----

TYPED_TEST_P(RunStoreContract, TransitionsAreCompareAndSet) {
  auto made = this->store_->create_run(this->new_run("wf", kMay1, 3));
  ASSERT_TRUE(made.ok());
  const int64_t run = made->run.id;
  EXPECT_FALSE(*this->store_->transition(run, "t0", TaskState::kQueued, TaskState::kSkipped, 1));
  EXPECT_TRUE(*this->store_->transition(run, "t0", TaskState::kNone, TaskState::kQueued, 7));
  EXPECT_EQ(this->instance(run, "t0").ready_at_ms, 7);
  EXPECT_FALSE(*this->store_->transition(run, "t0", TaskState::kNone, TaskState::kQueued, 8));
  EXPECT_TRUE(
      *this->store_->transition(run, "t1", TaskState::kNone, TaskState::kUpstreamFailed, 9));
  TaskInstance t1 = this->instance(run, "t1");
  EXPECT_EQ(t1.state, TaskState::kUpstreamFailed);
  EXPECT_EQ(t1.ended_ms, std::optional<int64_t>(9));
  EXPECT_FALSE(*this->store_->transition(run, "nope", TaskState::kNone, TaskState::kQueued, 1));
  // Only claim enters running; only finish and expiry leave it.
  EXPECT_EQ(
      this->store_->transition(run, "t2", TaskState::kNone, TaskState::kRunning, 1).status().code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(this->store_->transition(run, "t2", TaskState::kRunning, TaskState::kFailed, 1)
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(this->instance(run, "t2").state, TaskState::kNone);
  EXPECT_EQ(this->store_->task_instance(run, "nope").status().code(), StatusCode::kNotFound);
}

TYPED_TEST_P(RunStoreContract, RacingTransitionsMoveAnInstanceOnce) {
  constexpr int kThreads = 6;
  constexpr int kTasks = 20;
  auto made = this->store_->create_run(this->new_run("wf", kMay1, kTasks));
  ASSERT_TRUE(made.ok());
  std::vector<std::unique_ptr<RunStore>> stores;
  for (int i = 0; i < kThreads; ++i)
    stores.push_back(this->opened());
  std::vector<std::vector<int>> moved(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      for (int t = 0; t < kTasks; ++t) {
        auto m = stores[i]->transition(made->run.id, "t" + std::to_string(t), TaskState::kNone,
                                       TaskState::kQueued, 1);
        if (!m.ok()) {
          ADD_FAILURE() << m.status().to_string();
        } else if (*m) {
          moved[i].push_back(t);
        }
      }
    });
  }
  for (auto& t : threads)
    t.join();
  std::map<int, int> times;
  for (const auto& list : moved) {
    for (int t : list)
      ++times[t];
  }
  EXPECT_EQ(times.size(), static_cast<size_t>(kTasks));
  for (const auto& [t, n] : times)
    EXPECT_EQ(n, 1) << "t" << t << " moved by " << n << " stores";
}

TYPED_TEST_P(RunStoreContract, ClaimTakesQueuedInstancesAndStartsTheRun) {
  const int64_t run = this->queued_run("wf", kMay1, 3, 1);
  auto claimed = this->store_->claim({"sched-a", 2, 1000, 500, {}});
  ASSERT_TRUE(claimed.ok()) << claimed.status().to_string();
  ASSERT_EQ(claimed->size(), 2U);
  for (const TaskInstance& t : *claimed) {
    EXPECT_EQ(t.state, TaskState::kRunning);
    EXPECT_EQ(t.attempt, 1);
    EXPECT_EQ(t.owner, "sched-a");
    EXPECT_EQ(t.lease_until_ms, 1500);
    EXPECT_EQ(t.started_ms, std::optional<int64_t>(1000));
  }
  auto started = this->store_->get_run(run);
  EXPECT_EQ(started->state, RunState::kRunning);
  EXPECT_EQ(started->started_ms, std::optional<int64_t>(1000));
  auto rest = this->store_->claim({"sched-b", 5, 1001, 500, {}});
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->size(), 1U);
  EXPECT_TRUE(this->store_->claim({"sched-b", 5, 1002, 500, {}})->empty());
  EXPECT_EQ(this->store_->get_run(run)->started_ms, std::optional<int64_t>(1000));
  EXPECT_EQ(this->store_->claim({"", 1, 1, 1, {}}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(this->store_->claim({"x", 0, 1, 1, {}}).status().code(), StatusCode::kInvalidArgument);
}

TYPED_TEST_P(RunStoreContract, ClaimersAtOnceNeverTakeOneInstanceTwice) {
  constexpr int kThreads = 8;
  constexpr int kRuns = 10;
  constexpr int kTasks = 10;
  for (int r = 0; r < kRuns; ++r)
    this->queued_run("wf", kMay1 + r * kDay, kTasks);
  std::vector<std::unique_ptr<RunStore>> stores;
  for (int i = 0; i < kThreads; ++i)
    stores.push_back(this->opened());
  std::mutex mu;
  std::map<std::pair<int64_t, std::string>, std::vector<std::string>> takers;
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      const std::string owner = "sched-" + std::to_string(i);
      ready.fetch_add(1);
      while (ready.load() < kThreads)
        std::this_thread::yield();
      while (true) {
        auto claimed = stores[i]->claim({owner, 3, kMay1, 60000, {}});
        if (!claimed.ok()) {
          ADD_FAILURE() << owner << ": " << claimed.status().to_string();
          return;
        }
        if (claimed->empty()) return;
        std::lock_guard lock(mu);
        for (const TaskInstance& t : *claimed) {
          takers[{t.run, t.task}].push_back(owner);
          EXPECT_EQ(t.attempt, 1);
          EXPECT_EQ(t.owner, owner);
        }
      }
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(takers.size(), static_cast<size_t>(kRuns * kTasks));
  for (const auto& [key, owners] : takers)
    EXPECT_EQ(owners.size(), 1U) << "run " << key.first << " " << key.second << " taken by "
                                 << owners.size();
  // Each recorded owner is the one that was told it claimed the instance.
  for (const auto& [key, owners] : takers)
    EXPECT_EQ(this->instance(key.first, key.second).owner, owners.front());
  auto runs = this->store_->active_runs(100);
  ASSERT_TRUE(runs.ok());
  for (const auto& r : *runs)
    EXPECT_EQ(r.state, RunState::kRunning);
}

TYPED_TEST_P(RunStoreContract, RetriesAreClaimedWhenDueAndPausedWorkflowsWait) {
  const int64_t run = this->queued_run("wf", kMay1, 1, 2);
  auto first = this->store_->claim({"a", 1, 100, 1000, {}});
  ASSERT_EQ(first->size(), 1U);
  const AttemptKey key{run, "t0", 1, "a"};
  ASSERT_TRUE(*this->store_->finish(key, TaskState::kUpForRetry, 200, 5000));
  TaskInstance t = this->instance(run, "t0");
  EXPECT_EQ(t.state, TaskState::kUpForRetry);
  EXPECT_EQ(t.ready_at_ms, 5000);
  EXPECT_EQ(t.owner, "");
  EXPECT_EQ(t.ended_ms, std::optional<int64_t>(200));
  EXPECT_TRUE(this->store_->claim({"b", 1, 4999, 1000, {}})->empty()) << "claimed before its time";

  ASSERT_TRUE(this->store_->set_paused("wf", true, 4000).ok());
  EXPECT_TRUE(this->store_->claim({"b", 1, 5000, 1000, {}})->empty()) << "claimed while paused";
  const int64_t other = this->queued_run("other", kMay1, 1);
  auto unpaused = this->store_->claim({"b", 5, 5000, 1000, {}});
  ASSERT_EQ(unpaused->size(), 1U);
  EXPECT_EQ(unpaused->front().run, other);

  ASSERT_TRUE(this->store_->set_paused("wf", false, 4001).ok());
  auto second = this->store_->claim({"b", 1, 5000, 1000, {}});
  ASSERT_EQ(second->size(), 1U);
  EXPECT_EQ(second->front().attempt, 2);
  EXPECT_EQ(second->front().owner, "b");
}

// A scheduler claims only the workflows its config declares and has not paused (a paused
// flag in the config never reaches the store).
TYPED_TEST_P(RunStoreContract, ClaimTakesOnlyTheNamedWorkflows) {
  const int64_t mine = this->queued_run("mine", kMay1, 1);
  const int64_t theirs = this->queued_run("theirs", kMay1, 1);
  ClaimRequest request{"a", 5, 100, 1000, {}};
  request.workflows = {"mine", "also \"quoted\""};
  auto claimed = this->store_->claim(request);
  ASSERT_TRUE(claimed.ok()) << claimed.status().to_string();
  ASSERT_EQ(claimed->size(), 1U);
  EXPECT_EQ(claimed->front().run, mine);
  EXPECT_EQ(this->instance(theirs, "t0").state, TaskState::kQueued);
  request.workflows = {"theirs"};
  claimed = this->store_->claim(request);
  ASSERT_EQ(claimed->size(), 1U);
  EXPECT_EQ(claimed->front().run, theirs);
}

TYPED_TEST_P(RunStoreContract, PausedFlagsListsEveryFlagSet) {
  auto none = this->store_->paused_flags();
  ASSERT_TRUE(none.ok()) << none.status().to_string();
  EXPECT_TRUE(none->empty());
  ASSERT_TRUE(this->store_->set_paused("a", true, 1).ok());
  ASSERT_TRUE(this->store_->set_paused("b", false, 1).ok());
  auto flags = this->store_->paused_flags();
  ASSERT_TRUE(flags.ok()) << flags.status().to_string();
  EXPECT_EQ(*flags, (std::map<std::string, bool>{{"a", true}, {"b", false}}));
}

TYPED_TEST_P(RunStoreContract, FinishNeedsTheOwnerAndTheAttempt) {
  const int64_t run = this->queued_run("wf", kMay1, 1);
  ASSERT_EQ(this->store_->claim({"a", 1, 100, 1000, {}})->size(), 1U);
  EXPECT_FALSE(*this->store_->finish({run, "t0", 1, "b"}, TaskState::kSuccess, 150));
  EXPECT_FALSE(*this->store_->finish({run, "t0", 2, "a"}, TaskState::kSuccess, 150));
  EXPECT_EQ(this->instance(run, "t0").state, TaskState::kRunning);
  EXPECT_TRUE(*this->store_->finish({run, "t0", 1, "a"}, TaskState::kSuccess, 160));
  EXPECT_FALSE(*this->store_->finish({run, "t0", 1, "a"}, TaskState::kFailed, 170))
      << "a second finish of one attempt";
  TaskInstance t = this->instance(run, "t0");
  EXPECT_EQ(t.state, TaskState::kSuccess);
  EXPECT_EQ(t.ended_ms, std::optional<int64_t>(160));
  EXPECT_EQ(t.owner, "");
  EXPECT_EQ(this->store_->finish({run, "t0", 1, "a"}, TaskState::kQueued, 1).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(this->store_->finish({run, "t0", 0, "a"}, TaskState::kSuccess, 1).status().code(),
            StatusCode::kInvalidArgument);
}

TYPED_TEST_P(RunStoreContract, AnExpiredLeaseIsRequeuedAndTheStaleOwnerRefused) {
  const int64_t run = this->queued_run("wf", kMay1, 2, 1);
  ASSERT_EQ(this->store_->claim({"a", 2, 0, 1000, {}})->size(), 2U);
  // A heartbeat at 500 holds both until 1500.
  auto held = this->store_->heartbeat("a", 500, 1000);
  ASSERT_TRUE(held.ok()) << held.status().to_string();
  EXPECT_EQ(held->size(), 2U);
  EXPECT_EQ(this->instance(run, "t0").lease_until_ms, 1500);
  EXPECT_TRUE(this->store_->requeue_expired(1400)->empty());
  // a finishes t1 in time; its t0 lease runs out.
  ASSERT_TRUE(*this->store_->finish({run, "t1", 1, "a"}, TaskState::kSuccess, 1450));
  auto expired = this->store_->requeue_expired(1600);
  ASSERT_TRUE(expired.ok()) << expired.status().to_string();
  ASSERT_EQ(expired->size(), 1U);
  EXPECT_EQ(expired->front().task, "t0");
  EXPECT_EQ(expired->front().state, TaskState::kUpForRetry);
  EXPECT_EQ(expired->front().owner, "");
  EXPECT_TRUE(this->store_->requeue_expired(1700)->empty()) << "requeued twice";

  auto taken = this->store_->claim({"b", 5, 1600, 1000, {}});
  ASSERT_EQ(taken->size(), 1U);
  EXPECT_EQ(taken->front().attempt, 2);
  EXPECT_FALSE(*this->store_->finish({run, "t0", 1, "a"}, TaskState::kSuccess, 1700))
      << "the dead owner's late finish was taken";
  EXPECT_TRUE(this->store_->heartbeat("a", 1700, 1000)->empty());
  EXPECT_EQ(this->instance(run, "t0").owner, "b");
  // b's attempt is the last: its expiry fails the instance.
  auto last = this->store_->requeue_expired(5000);
  ASSERT_EQ(last->size(), 1U);
  EXPECT_EQ(last->front().state, TaskState::kFailed);
  EXPECT_FALSE(*this->store_->finish({run, "t0", 2, "b"}, TaskState::kSuccess, 5001));
}

TYPED_TEST_P(RunStoreContract, LogsAreKeptPerAttempt) {
  const int64_t run = this->queued_run("wf", kMay1, 2);
  ASSERT_TRUE(this->store_->append_log(run, "t0", 1, "first line\n").ok());
  ASSERT_TRUE(this->store_->append_log(run, "t0", 1, "second line\n").ok());
  ASSERT_TRUE(this->store_->append_log(run, "t0", 2, "retry: \"quoted\" \xe2\x9c\x93\n").ok());
  ASSERT_TRUE(this->store_->append_log(run, "t1", 1, "other task\n").ok());
  EXPECT_EQ(*this->store_->read_log(run, "t0", 1), "first line\nsecond line\n");
  EXPECT_EQ(*this->store_->read_log(run, "t0", 2), "retry: \"quoted\" \xe2\x9c\x93\n");
  EXPECT_EQ(*this->store_->read_log(run, "t0", 3), "");
  EXPECT_EQ(*this->store_->log_attempts(run, "t0"), (std::vector<int>{1, 2}));
  EXPECT_EQ(*this->opened()->read_log(run, "t1", 1), "other task\n");
}

TYPED_TEST_P(RunStoreContract, PausedStateLastsAcrossReopening) {
  EXPECT_EQ(*this->store_->paused("wf"), std::nullopt);
  ASSERT_TRUE(this->store_->set_paused("wf", true, 10).ok());
  ASSERT_TRUE(this->store_->set_paused("other", false, 10).ok());
  this->store_.reset();
  auto reopened = this->opened();
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(*reopened->paused("wf"), std::optional<bool>(true));
  EXPECT_EQ(*reopened->paused("other"), std::optional<bool>(false));
  ASSERT_TRUE(reopened->set_paused("wf", false, 20).ok());
  EXPECT_EQ(*this->opened()->paused("wf"), std::optional<bool>(false));
  EXPECT_EQ(reopened->set_paused("", true, 1).code(), StatusCode::kInvalidArgument);
}

TYPED_TEST_P(RunStoreContract, ClearRunsTasksAgainWithAttemptsCountingOn) {
  const int64_t run = this->queued_run("wf", kMay1, 3, 1);
  ASSERT_EQ(this->store_->claim({"a", 3, 100, 1000, {}})->size(), 3U);
  ASSERT_TRUE(*this->store_->finish({run, "t0", 1, "a"}, TaskState::kSuccess, 200));
  ASSERT_TRUE(*this->store_->finish({run, "t1", 1, "a"}, TaskState::kFailed, 200));
  ASSERT_TRUE(*this->store_->set_run_state(run, RunState::kRunning, RunState::kFailed, 300));

  // t2 is still running under a: clearing takes it away.
  auto cleared = this->store_->clear(run, {"t1", "t2", "unknown"}, 400);
  ASSERT_TRUE(cleared.ok()) << cleared.status().to_string();
  EXPECT_EQ(*cleared, 2);
  EXPECT_EQ(this->instance(run, "t0").state, TaskState::kSuccess) << "not named: kept";
  for (const char* name : {"t1", "t2"}) {
    TaskInstance t = this->instance(run, name);
    EXPECT_EQ(t.state, TaskState::kNone) << name;
    EXPECT_EQ(t.attempt, 1) << name;
    EXPECT_EQ(t.max_attempts, 3) << name << ": attempt + 1 + retries";
    EXPECT_EQ(t.owner, "") << name;
  }
  auto r = this->store_->get_run(run);
  EXPECT_EQ(r->state, RunState::kQueued);
  EXPECT_FALSE(r->ended_ms.has_value());
  EXPECT_FALSE(*this->store_->finish({run, "t2", 1, "a"}, TaskState::kSuccess, 450));
  EXPECT_TRUE(this->store_->heartbeat("a", 450, 1000)->empty());

  ASSERT_TRUE(*this->store_->transition(run, "t1", TaskState::kNone, TaskState::kQueued, 500));
  auto again = this->store_->claim({"b", 5, 500, 1000, {}});
  ASSERT_EQ(again->size(), 1U);
  EXPECT_EQ(again->front().task, "t1");
  EXPECT_EQ(again->front().attempt, 2);
  EXPECT_EQ(this->store_->clear(run + 1000, {"t1"}, 1).status().code(), StatusCode::kNotFound);
}

TYPED_TEST_P(RunStoreContract, BadArgumentsAreRefusedAlike) {
  NewRun twice = this->new_run("wf", kMay1, 1);
  twice.tasks.push_back({"t0", 0});
  EXPECT_EQ(this->store_->create_run(twice).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(this->store_->create_run(this->new_run("", kMay1, 1)).status().code(),
            StatusCode::kInvalidArgument);
  NewRun control = this->new_run("wf\n", kMay1, 1);
  EXPECT_EQ(this->store_->create_run(control).status().code(), StatusCode::kInvalidArgument);
  NewRun backwards = this->new_run("wf", kMay1, 1);
  backwards.data_interval_end_ms = kMay1 - 1;
  EXPECT_EQ(this->store_->create_run(backwards).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(this->store_->heartbeat("a", 1, 0).status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(this->store_->list_runs("wf", 10, 0)->empty()) << "a refused run was stored";
}

// ---- Other processes ----

TYPED_TEST_P(RunStoreContract, TwoProcessesNeverRunOneAttemptTwice) {
  constexpr int kRuns = 20;
  constexpr int kTasks = 10;
  for (int r = 0; r < kRuns; ++r)
    this->queued_run("wf", kMay1 + r * kDay, kTasks);
  const auto target = this->factory_.claimer_target();
  Claimer a(target, "proc-a", 60000, 2, false, this->scratch("a.out"));
  Claimer b(target, "proc-b", 60000, 2, false, this->scratch("b.out"));
  EXPECT_EQ(a.wait(), 0);
  EXPECT_EQ(b.wait(), 0);
  std::map<AttemptId, int> claimed;
  std::map<AttemptId, int> finished;
  for (const Claimer* c : {&a, &b}) {
    for (const auto& id : attempts_in(c->lines(), "claimed"))
      ++claimed[id];
    for (const auto& id : attempts_in(c->lines(), "finished"))
      ++finished[id];
  }
  EXPECT_EQ(claimed.size(), static_cast<size_t>(kRuns * kTasks));
  EXPECT_EQ(finished.size(), static_cast<size_t>(kRuns * kTasks));
  for (const auto& [id, n] : claimed)
    EXPECT_EQ(n, 1) << std::get<1>(id) << " of run " << std::get<0>(id) << " claimed " << n;
  for (const auto& [id, n] : claimed)
    EXPECT_EQ(std::get<2>(id), 1) << "an attempt beyond the first";
  auto runs = this->store_->list_runs("wf", 100, 0);
  ASSERT_TRUE(runs.ok());
  for (const auto& r : *runs) {
    auto tasks = this->store_->task_instances(r.id);
    ASSERT_TRUE(tasks.ok()) << tasks.status().to_string();
    for (const TaskInstance& t : *tasks) {
      EXPECT_EQ(t.state, TaskState::kSuccess) << t.task;
      EXPECT_EQ(t.attempt, 1) << t.task;
    }
  }
}

TYPED_TEST_P(RunStoreContract, AKilledSchedulersAttemptsAreTakenOverOnce) {
  constexpr int kTasks = 30;
  constexpr int64_t kLease = 400;
  const int64_t run = this->queued_run("wf", kMay1, kTasks, 1);
  const auto target = this->factory_.claimer_target();
  // `dead` claims 5 and hangs; killed, its leases run out.
  Claimer dead(target, "proc-dead", kLease, 5, true, this->scratch("dead.out"));
  ASSERT_TRUE(dead.wait_for_line("holding", std::chrono::seconds(60)));
  dead.kill_now();
  const std::vector<AttemptId> lost = attempts_in(dead.lines(), "claimed");
  ASSERT_EQ(lost.size(), 5U);
  std::this_thread::sleep_for(std::chrono::milliseconds(kLease + 100));
  auto requeued = this->store_->requeue_expired(wall_ms());
  ASSERT_TRUE(requeued.ok()) << requeued.status().to_string();
  EXPECT_EQ(requeued->size(), 5U);

  Claimer b(target, "proc-b", 60000, 3, false, this->scratch("b.out"));
  Claimer c(target, "proc-c", 60000, 3, false, this->scratch("c.out"));
  EXPECT_EQ(b.wait(), 0);
  EXPECT_EQ(c.wait(), 0);
  std::map<std::string, std::vector<int>> attempts;  // task -> attempts claimed by b and c
  for (const Claimer* p : {&b, &c}) {
    for (const auto& [r, task, attempt] : attempts_in(p->lines(), "claimed")) {
      EXPECT_EQ(r, run);
      attempts[task].push_back(attempt);
    }
  }
  EXPECT_EQ(attempts.size(), static_cast<size_t>(kTasks));
  std::set<std::string> lost_tasks;
  for (const auto& id : lost)
    lost_tasks.insert(std::get<1>(id));
  for (const auto& [task, list] : attempts) {
    const int want = lost_tasks.count(task) != 0 ? 2 : 1;
    EXPECT_EQ(list, std::vector<int>{want}) << task;
  }
  for (const auto& [r, task, attempt] : lost) {
    EXPECT_FALSE(*this->store_->finish({r, task, attempt, "proc-dead"}, TaskState::kSuccess, 1))
        << task << ": the dead scheduler's finish was taken";
    EXPECT_EQ(this->instance(r, task).state, TaskState::kSuccess) << task;
  }
}

REGISTER_TYPED_TEST_SUITE_P(
    RunStoreContract, ManyOpenersAtOnceCreateTheTablesOnce, CreateRunKeepsWhatItWasGiven,
    ASecondCreateOfOneLogicalDateGetsTheFirstRun, TasksCreatedQueuedAreClaimableAtOnce,
    RacingCreatorsMakeOneRun, ListingIsNewestFirstAndPages, QueryFiltersByStateAndCountsEveryPage,
    ReadsLeaveNothingOpenThatBlocksLaterWrites, RunStateIsCompareAndSet,
    TransitionsAreCompareAndSet, RacingTransitionsMoveAnInstanceOnce,
    ClaimTakesQueuedInstancesAndStartsTheRun, ClaimersAtOnceNeverTakeOneInstanceTwice,
    RetriesAreClaimedWhenDueAndPausedWorkflowsWait, ClaimTakesOnlyTheNamedWorkflows,
    PausedFlagsListsEveryFlagSet, FinishNeedsTheOwnerAndTheAttempt,
    AnExpiredLeaseIsRequeuedAndTheStaleOwnerRefused, LogsAreKeptPerAttempt,
    PausedStateLastsAcrossReopening, ClearRunsTasksAgainWithAttemptsCountingOn,
    BadArgumentsAreRefusedAlike, TwoProcessesNeverRunOneAttemptTwice,
    AKilledSchedulersAttemptsAreTakenOverOnce);

}  // namespace sluice::contract
