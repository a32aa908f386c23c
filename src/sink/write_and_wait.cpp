#include <condition_variable>
#include <mutex>

#include "sink/sink.h"

namespace sluice {

Status write_and_wait(Sink* sink, SinkGroup group) {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  Status result;
  SLUICE_RETURN_IF_ERROR(sink->submit(std::move(group), [&](const Status& s) {
    std::lock_guard lock(mu);
    result = s;
    done = true;
    cv.notify_all();
  }));
  std::unique_lock lock(mu);
  cv.wait(lock, [&] { return done; });
  return result;
}

}  // namespace sluice
