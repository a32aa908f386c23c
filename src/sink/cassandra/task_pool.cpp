#include "sink/cassandra/task_pool.h"

#include <algorithm>

namespace sluice::cassandra {

TaskPool::TaskPool(int threads) {
  threads_.reserve(static_cast<size_t>(std::max(1, threads)));
  for (int i = 0; i < std::max(1, threads); ++i)
    threads_.emplace_back([this] { run(); });
}

TaskPool::~TaskPool() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : threads_)
    t.join();
}

void TaskPool::post(std::function<void()> task) {
  {
    std::lock_guard lock(mu_);
    tasks_.push_back(std::move(task));
  }
  cv_.notify_one();
}

void TaskPool::post_urgent(std::function<void()> task) {
  {
    std::lock_guard lock(mu_);
    urgent_.push_back(std::move(task));
  }
  cv_.notify_one();
}

void TaskPool::run() {
  while (true) {
    std::function<void()> task;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !urgent_.empty() || !tasks_.empty(); });
      std::deque<std::function<void()>>& from = !urgent_.empty() ? urgent_ : tasks_;
      if (from.empty()) return;  // stopping, and every posted task has run
      task = std::move(from.front());
      from.pop_front();
    }
    task();
  }
}

}  // namespace sluice::cassandra
