#include "sink/sqlite/wal_checkpointer.h"

#include <spdlog/spdlog.h>

#include <chrono>

namespace sluice::sqlite {

Result<std::unique_ptr<WalCheckpointer>> WalCheckpointer::start(const std::string& path,
                                                                int restart_after_frames) {
  SLUICE_ASSIGN_OR_RETURN(auto db, Database::open(path));
  // A fresh connection has not looked at the file yet and does not know it is in WAL mode; a
  // checkpoint on it would quietly copy nothing. Reading the journal mode opens the WAL.
  SLUICE_RETURN_IF_ERROR(db->use_wal());
  return std::unique_ptr<WalCheckpointer>(new WalCheckpointer(std::move(db), restart_after_frames));
}

WalCheckpointer::WalCheckpointer(std::unique_ptr<Database> db, int restart_after_frames)
    : db_(std::move(db)),
      restart_after_frames_(restart_after_frames),
      thread_([this] { loop(); }) {}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void WalCheckpointer::poke() {
  {
    std::lock_guard lock(mutex_);
    pending_ = true;
  }
  wake_.notify_one();
}

int WalCheckpointer::runs() const {
  std::lock_guard lock(mutex_);
  return runs_;
}

void WalCheckpointer::loop() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return pending_ || stopping_; });
    const bool last = stopping_;
    pending_ = false;
    lock.unlock();
    int wal_frames = 0;
    Status s = db_->checkpoint(Database::Checkpoint::kPassive, &wal_frames);
    if (s.ok() && wal_frames > restart_after_frames_) {
      s = db_->checkpoint(Database::Checkpoint::kRestart);
    }
    if (!s.ok()) {
      // The writer's own commits report a failing disk; this only delays the copy-back.
      spdlog::warn("sqlite checkpoint: {}", s.message());
    }
    lock.lock();
    ++runs_;
    if (last) return;
    // Batches commit every few milliseconds under load; one checkpoint per gap is plenty.
    wake_.wait_for(lock, std::chrono::milliseconds(kMinGapMs), [&] { return stopping_; });
  }
}

}  // namespace sluice::sqlite
