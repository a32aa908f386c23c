// The `wait_caught_up` task kind: the processing group has consumed everything published
// before the task started. The targets are read once, at the start (Log::readable_ends); then
// the group's committed offsets (Log::group_offsets, read without joining the group) are polled
// every `poll_interval` until each partition reaches its target. Nothing is changed, so a
// cancel (the task's timeout, shutdown) just stops waiting.
#include <fmt/format.h>

#include <chrono>

#include "cli/pipeline_tasks.h"
#include "core/clock.h"
#include "log/catch_up.h"

namespace sluice::cli {
namespace {

Status wait_on(Log& log, const std::string& group, std::chrono::milliseconds poll,
               schedule::AttemptLog& out, const std::atomic<bool>& cancel) {
  SLUICE_ASSIGN_OR_RETURN(auto targets, log.readable_ends());
  int64_t total = 0;
  for (const auto& [p, end] : targets)
    total += end;
  out.write(
      fmt::format("waiting for group {} to commit up to the log's ends at the start "
                  "({} partitions with records, offsets summing to {})\n",
                  group, targets.size(), total));
  int64_t last_behind = -1;
  std::string where = "before the group's offsets could be read";
  while (true) {
    auto committed = log.group_offsets(group);
    if (!committed.ok()) {
      // A cluster away for a moment: keep waiting; the timeout bounds it.
      out.write("reading the group's offsets: " + committed.status().to_string() + "\n");
    } else {
      const CatchUp left = catch_up(targets, *committed);
      if (left.done()) {
        out.write(
            fmt::format("caught up: group {} has committed everything published before "
                        "the task started\n",
                        group));
        return Status::ok_status();
      }
      if (left.records != last_behind) {
        out.write(fmt::format("behind by {} records ({})\n", left.records,
                              describe_catch_up(left, targets)));
        last_behind = left.records;
      }
      where = fmt::format("group {} is {} records behind ({} committed)", group, left.records,
                          describe_catch_up(left, targets));
    }
    wait_for(static_cast<int>(poll.count()), cancel);
    if (cancel.load()) {
      out.write("not caught up when stopped: " + where + "\n");
      return Status::aborted("not caught up when stopped: " + where);
    }
  }
}

}  // namespace

Status wait_caught_up_task(const std::string& config, const HostedPipeline* hosted,
                           const WaitCaughtUpArgs& args, schedule::AttemptLog& log,
                           const std::atomic<bool>& cancel) {
  if (hosted != nullptr) {
    return wait_on(*hosted->parts->log, hosted->parts->config.process.group, args.poll_interval,
                   log, cancel);
  }
  SLUICE_ASSIGN_OR_RETURN(PipelineConfig loaded, load_task_config(config));
  SLUICE_ASSIGN_OR_RETURN(auto opened, make_log(loaded.log));
  return wait_on(*opened, loaded.process.group, args.poll_interval, log, cancel);
}

}  // namespace sluice::cli
