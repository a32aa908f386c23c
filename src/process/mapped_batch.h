// What the processor's reader hands its writer: one partition's entries, mapped and given the
// Judge's first look, or a barrier that asks the writer to store and commit everything before
// it (a partition is being revoked).
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "core/record.h"
#include "core/status.h"
#include "log/log.h"
#include "quality/judge.h"

namespace sluice {

// Signalled once by the writer, waited for by the reader.
class Barrier {
 public:
  void signal(Status status) {
    std::lock_guard lock(mu_);
    status_ = std::move(status);
    done_ = true;
    cv_.notify_all();
  }
  Status wait() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return done_; });
    return status_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  Status status_;
};

struct MappedBatch {
  int partition = 0;
  std::vector<LogEntry> entries;
  std::vector<Record> records;       // records[i] maps entries[i]
  std::vector<FirstLook> looks;      // the Judge's first look at records[i]
  std::shared_ptr<Barrier> barrier;  // set: no entries, a barrier instead
  std::vector<int> revoked;          // with a barrier: the partitions being given up
};

using MappedBatchPtr = std::unique_ptr<MappedBatch>;

}  // namespace sluice
