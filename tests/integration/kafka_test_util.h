// Helpers for the tests against the real Kafka of scripts/services/kafka (KAFKA_HOST,
// KAFKA_PORT; default 127.0.0.1:9092): fresh topic names, configs, records, a recording
// rebalance listener, and polling until a condition holds.
#pragma once

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "log/log.h"

namespace sluice::testing {

inline std::string brokers() {
  const char* host = std::getenv("KAFKA_HOST");
  const char* port = std::getenv("KAFKA_PORT");
  return std::string(host != nullptr ? host : "127.0.0.1") + ":" +
         (port != nullptr ? port : "9092");
}

// A name no earlier run used: every test gets topics, pipelines and groups of its own.
inline std::string unique_name(const std::string& prefix) {
  static std::mt19937_64 rng(std::random_device{}());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = prefix + "-";
  for (int i = 0; i < 10; ++i)
    out += kHex[rng() % 16];
  return out;
}

inline LogConfig kafka_config(const std::string& topic, int partitions = 3) {
  LogConfig c;
  c.kind = LogKind::kKafka;
  c.brokers = brokers();
  c.topic = topic;
  c.partitions = partitions;
  c.pipeline = topic + "-pipeline";
  // Kept forever: test timestamps are in 1970, and Kafka's time-based retention deletes records
  // older than retention.ms by their timestamps whenever its check next runs (records vanished
  // mid-test, and a fetch from a committed offset ran out of range).
  c.retention_ms = -1;
  // SLUICE_TEST_KAFKA_DEBUG=cgrp,fetch (librdkafka's `debug`) to see what the clients do.
  if (const char* debug = std::getenv("SLUICE_TEST_KAFKA_DEBUG")) c.kafka_options["debug"] = debug;
  return c;
}

// n records keyed "<prefix>-<i>" whose value names the key.
inline std::vector<LogRecord> records(const std::string& prefix, int n, int64_t ts = 1000) {
  std::vector<LogRecord> out;
  for (int i = 0; i < n; ++i) {
    const std::string key = prefix + "-" + std::to_string(i);
    out.push_back({key, R"({"key":")" + key + R"("})", ts + i});
  }
  return out;
}

// Records what it is told, in order, with a sequence number shared by all listeners of a test
// (so events of two members can be ordered). `during_revoke` runs while the partitions are
// still assigned.
class RecordingListener : public RebalanceListener {
 public:
  struct Event {
    char kind;  // '+' assigned, '-' revoked
    std::vector<int> partitions;
    int seq;
  };

  explicit RecordingListener(std::atomic<int>* seq) : seq_(seq) {}

  void on_assigned(const std::vector<int>& partitions) override {
    spdlog::info("test listener {}: assigned {}", fmt::ptr(this), fmt::join(partitions, ","));
    if (during_assign) during_assign(partitions);
    std::lock_guard lock(mu_);
    events_.push_back({'+', partitions, seq_->fetch_add(1)});
  }
  void on_revoked(const std::vector<int>& partitions) override {
    spdlog::info("test listener {}: revoked {}", fmt::ptr(this), fmt::join(partitions, ","));
    if (during_revoke) during_revoke(partitions);
    std::lock_guard lock(mu_);
    events_.push_back({'-', partitions, seq_->fetch_add(1)});
  }
  std::vector<Event> events() const {
    std::lock_guard lock(mu_);
    return events_;
  }

  // True when each of `partitions` was last revoked here before `other` was last assigned it.
  bool revoked_before(const std::vector<int>& partitions, const RecordingListener& other) const {
    for (int p : partitions) {
      const int revoked = last_seq('-', p);
      const int assigned = other.last_seq('+', p);
      if (revoked < 0 || assigned < 0 || revoked > assigned) {
        ADD_FAILURE() << "partition " << p << ": revoked at " << revoked << ", assigned to the "
                      << "other member at " << assigned;
        return false;
      }
    }
    return true;
  }
  // The sequence number of the last `kind` event naming `partition`, -1 if none.
  int last_seq(char kind, int partition) const {
    std::lock_guard lock(mu_);
    for (auto it = events_.rbegin(); it != events_.rend(); ++it) {
      if (it->kind == kind && std::find(it->partitions.begin(), it->partitions.end(), partition) !=
                                  it->partitions.end()) {
        return it->seq;
      }
    }
    return -1;
  }

  std::function<void(const std::vector<int>&)> during_assign;
  std::function<void(const std::vector<int>&)> during_revoke;

 private:
  std::atomic<int>* seq_;
  mutable std::mutex mu_;
  std::vector<Event> events_;
};

using Entries = std::map<int, std::vector<LogEntry>>;  // partition -> entries in offset order

// One poll, appended to `into`; expects it to succeed.
inline void poll_into(LogConsumer& c, Entries* into, int timeout_ms = 100, size_t max = 100000) {
  auto polled = c.poll(max, timeout_ms);
  ASSERT_TRUE(polled.ok()) << polled.status().to_string();
  for (LogBatch& b : *polled) {
    auto& v = (*into)[b.partition];
    for (LogEntry& e : b.entries)
      v.push_back(std::move(e));
  }
}

inline size_t count(const Entries& entries) {
  size_t n = 0;
  for (const auto& [p, v] : entries)
    n += v.size();
  return n;
}

// Polls until `done` holds or 30 s pass; false on timeout.
inline bool poll_until(LogConsumer& c, Entries* into, const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    poll_into(c, into);
  }
  return true;
}

}  // namespace sluice::testing
