// TaskPool: a fixed set of threads running posted tasks, for the Cassandra sink's writes and
// reads. The CQL Session is synchronous and thread-safe (requests share one connection by
// stream id), so N threads each calling execute() keep up to N requests in flight: the
// threads are the sink's `write_concurrency`. Urgent tasks (key_owners' reads, which the
// processor waits on) run before queued writes. Thread-safe; the destructor runs every task
// already posted, then joins.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sluice::cassandra {

class TaskPool {
 public:
  explicit TaskPool(int threads);
  ~TaskPool();
  TaskPool(const TaskPool&) = delete;
  TaskPool& operator=(const TaskPool&) = delete;

  void post(std::function<void()> task);
  void post_urgent(std::function<void()> task);
  int threads() const { return static_cast<int>(threads_.size()); }

 private:
  void run();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> urgent_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace sluice::cassandra
