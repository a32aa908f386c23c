// The `replay` task kind, as `sluice replay`. A replay moves the processing group's offsets
// and must be the group's only member, so inside `sluice run` the running processor leaves the
// group first (ProcessorPause) and joins again once the replay is done. A cancel stops the
// replay as SIGTERM stops `sluice replay`: what was read is stored and committed, and the
// group's offsets stay where the replay got to (running it again starts over, harmlessly).
#include <fmt/format.h>

#include "cli/pipeline_tasks.h"
#include "cli/replay_run.h"

namespace sluice::cli {
namespace {

Result<ReplayFrom> replay_from(const ReplayArgs& args) {
  ReplayFrom from{args.from_offset, std::nullopt, args.partition};
  if (!args.from_time.empty()) {
    from.from_ms = parse_time_ms(args.from_time);
    if (!from.from_ms) {
      return Status::invalid_argument(
          fmt::format("from_time '{}' is not Unix ms or ISO-8601 UTC (e.g. 2026-11-25T13:00:00Z)",
                      args.from_time));
    }
  }
  return from;
}

Status replay_on(PipelineParts& parts, const ReplayFrom& from, schedule::AttemptLog& log,
                 const std::atomic<bool>& cancel) {
  SLUICE_ASSIGN_OR_RETURN(auto consumer, parts.log->open_consumer(parts.config.process.group));
  const int64_t stored = parts.probe->stored.load();
  const int64_t quarantined = parts.probe->quarantined.load();
  SLUICE_RETURN_IF_ERROR(replay_log(parts, *consumer, from, cancel,
                                    [&log](const std::string& l) { log.write(l + "\n"); }));
  if (cancel.load()) return Status::aborted("replay stopped before it caught up");
  log.write(fmt::format("replayed: {} stored, {} quarantined\n",
                        parts.probe->stored.load() - stored,
                        parts.probe->quarantined.load() - quarantined));
  return Status::ok_status();
}

}  // namespace

Status replay_task(const std::string& config, const HostedPipeline* hosted, const ReplayArgs& args,
                   schedule::AttemptLog& log, const std::atomic<bool>& cancel) {
  SLUICE_ASSIGN_OR_RETURN(ReplayFrom from, replay_from(args));
  if (hosted == nullptr) {
    SLUICE_ASSIGN_OR_RETURN(PipelineConfig loaded, load_task_config(config));
    SLUICE_ASSIGN_OR_RETURN(auto parts, open_pipeline_parts(std::move(loaded)));
    return replay_on(*parts, from, log, cancel);
  }
  log.write("replay: the processor of sluice run leaves the group until the replay is done\n");
  SLUICE_RETURN_IF_ERROR(hosted->processor->pause(cancel));
  Status s = replay_on(*hosted->parts, from, log, cancel);
  hosted->processor->resume();
  return s;
}

}  // namespace sluice::cli
