// WalCheckpointer: copies the SQLite write-ahead log back into the database file on a thread of
// its own. SQLite's default is to checkpoint inside the commit that crosses 1000 WAL pages, which
// put several milliseconds of page copying and an fsync of the database file on the processor's
// writer thread every few batches. The writer connection turns that off and pokes this instead.
// PASSIVE checkpoints never block the writer or readers; whatever one cannot copy yet, the next
// one does. But a writer that never pauses keeps the WAL from ever being fully copied, and only
// a fully copied WAL starts over from its beginning: so once the WAL holds more than
// `restart_after_frames`, a RESTART checkpoint follows the PASSIVE one, holding the writer back
// for the few frames the PASSIVE one left. Durability does not depend on any of this: a commit
// is durable once its WAL frames are synced.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "sink/sqlite/sqlite_db.h"

namespace sluice::sqlite {

class WalCheckpointer {
 public:
  // Opens its own connection to `path` (which must exist) and starts the thread.
  static Result<std::unique_ptr<WalCheckpointer>> start(const std::string& path,
                                                        int restart_after_frames);
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;
  // Runs a last checkpoint and joins the thread.
  ~WalCheckpointer();

  // A transaction was committed: checkpoint soon (at most once per kMinGapMs).
  void poke();
  // Checkpoints that have run, for tests.
  int runs() const;

 private:
  WalCheckpointer(std::unique_ptr<Database> db, int restart_after_frames);
  void loop();

  static constexpr int kMinGapMs = 100;
  std::unique_ptr<Database> db_;
  const int restart_after_frames_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool pending_ = false;
  bool stopping_ = false;
  int runs_ = 0;
  std::thread thread_;
};

}  // namespace sluice::sqlite
