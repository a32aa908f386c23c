// BoundedQueue: a blocking FIFO with a fixed capacity, the joint between pipeline stages. A full
// queue blocks the producer, so a slow consumer slows its producer instead of growing memory
// (docs/architecture.md, "Delivery contract"). close() wakes everyone: pushes then fail, pops drain
// what is left. Thread-safe for any number of producers and consumers.
//
// Capacity counts items, or, with a weight function, the items' summed weights (e.g. records in
// batches of any size). An item heavier than the whole capacity still enters an empty queue, so
// no producer waits forever.
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

namespace sluice {

template <typename T>
class BoundedQueue {
 public:
  using Weight = std::function<size_t(const T&)>;

  explicit BoundedQueue(size_t capacity, Weight weight = nullptr)
      : capacity_(capacity == 0 ? 1 : capacity), weight_of_(std::move(weight)) {}

  // Blocks while the item does not fit. Returns false (dropping nothing the caller can't see:
  // `item` stays with the caller) when the queue was closed.
  bool push(T& item) {
    const size_t weight = weight_of(item);
    std::unique_lock lock(mutex_);
    not_full_.wait(lock,
                   [&] { return closed_ || items_.empty() || weight_ + weight <= capacity_; });
    if (closed_) return false;
    items_.push_back(std::move(item));
    weight_ += weight;
    not_empty_.notify_one();
    return true;
  }

  // Blocks while empty and open. nullopt once closed and drained.
  std::optional<T> pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return closed_ || !items_.empty(); });
    if (items_.empty()) return std::nullopt;
    T item = take_front();
    not_full_.notify_all();
    return item;
  }

  // Blocks like pop() for the first item, then also takes whatever else is queued right now,
  // up to `max` items in all, so that a consumer can handle a backlog in one go. Empty once
  // closed and drained.
  std::vector<T> pop_some(size_t max) {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return closed_ || !items_.empty(); });
    return take_some(max);
  }

  // Like pop_some(), but gives up at `deadline`: nullopt once closed and drained, an empty
  // vector when nothing came in time.
  template <typename Clock, typename Duration>
  std::optional<std::vector<T>> pop_some_until(size_t max,
                                               std::chrono::time_point<Clock, Duration> deadline) {
    std::unique_lock lock(mutex_);
    if (!not_empty_.wait_until(lock, deadline, [&] { return closed_ || !items_.empty(); })) {
      return std::vector<T>();
    }
    if (items_.empty()) return std::nullopt;
    return take_some(max);
  }

  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_full_.notify_all();
    not_empty_.notify_all();
  }

  size_t size() const {
    std::lock_guard lock(mutex_);
    return items_.size();
  }

  // The summed weight of what is queued (the item count without a weight function).
  size_t weight() const {
    std::lock_guard lock(mutex_);
    return weight_;
  }

 private:
  size_t weight_of(const T& item) const { return weight_of_ ? weight_of_(item) : 1; }

  // Under the lock: up to `max` items (at least one if any), waking blocked producers.
  std::vector<T> take_some(size_t max) {
    std::vector<T> out;
    while (!items_.empty() && out.size() < std::max<size_t>(max, 1))
      out.push_back(take_front());
    not_full_.notify_all();
    return out;
  }

  T take_front() {
    T item = std::move(items_.front());
    items_.pop_front();
    weight_ -= weight_of(item);
    return item;
  }

  const size_t capacity_;
  const Weight weight_of_;
  size_t weight_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable not_full_;
  std::condition_variable not_empty_;
  std::deque<T> items_;
  bool closed_ = false;
};

}  // namespace sluice
