// `sluice replay`: re-process the log into the sink from an offset or a time, e.g. after a rule
// change. It moves the processing group's offsets back and runs the processor until caught up,
// reconciling earlier verdicts (a record now valid leaves quarantine and vice versa).
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <optional>

#include "cli/commands.h"
#include "cli/pipeline_compile.h"
#include "cli/pipeline_parts.h"
#include "cli/probe_progress.h"
#include "cli/replay_run.h"
#include "cli/stop_signal.h"
#include "core/log_context.h"

namespace sluice::cli {
namespace {

struct Options {
  std::string config;
  std::optional<int64_t> from_offset;
  std::string from_time;
  std::optional<int> partition;
};

int replay(const Options& opts) {
  auto& stop = install_stop_signal();
  std::optional<int64_t> from_ms;
  if (!opts.from_time.empty()) {
    from_ms = parse_time_ms(opts.from_time);
    if (!from_ms) {
      fmt::print(stderr,
                 "sluice replay: --from-time '{}' is not Unix ms or ISO-8601 UTC "
                 "(e.g. 2026-11-25T13:00:00Z)\n",
                 opts.from_time);
      return kExitUsage;
    }
  }
  auto parts = open_pipeline_parts(load_pipeline_config(opts.config));
  if (!parts.ok()) {
    spdlog::error("{}", parts.status().to_string());
    return kExitFailure;
  }
  auto opened = (*parts)->log->open_consumer((*parts)->config.process.group);
  if (!opened.ok()) {
    spdlog::error("{}", opened.status().to_string());
    return kExitFailure;
  }
  const ScopedLogContext context((*parts)->config.name, "replay");
  const int partitions = (*opened)->partition_count();
  if (opts.partition && (*opts.partition < 0 || *opts.partition >= partitions)) {
    fmt::print(stderr, "sluice replay: --partition {} is out of range (the log has {})\n",
               *opts.partition, partitions);
    return kExitUsage;
  }
  const ReplayFrom from{opts.from_offset, from_ms, opts.partition};
  Status s;
  {
    const ProbeProgress progress("replay", *(*parts)->probe);
    s = replay_log(**parts, **opened, from, stop,
                   [](const std::string& line) { fmt::print("{}\n", line); });
  }
  print_process_summary(**parts);
  if (!s.ok()) {
    spdlog::error("replay stopped: {}", s.to_string());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

void add_replay_command(CLI::App& app, CommandRun* run) {
  auto opts = std::make_shared<Options>();
  auto* sub =
      app.add_subcommand("replay", "Re-process the log into the sink from an offset or time");
  sub->add_option("--config", opts->config, "Pipeline config file")->required();
  auto* offset = sub->add_option("--from-offset", opts->from_offset,
                                 "Offset to restart from, in every partition (or --partition)");
  auto* time = sub->add_option("--from-time", opts->from_time,
                               "Restart from the first record ingested at or after this time "
                               "(Unix ms or ISO-8601 UTC)");
  offset->excludes(time);
  sub->add_option("--partition", opts->partition, "Only this partition");
  sub->callback([run, opts] {
    if (!opts->from_offset && opts->from_time.empty()) {
      throw CLI::ValidationError("replay", "give --from-offset N or --from-time T");
    }
    *run = [opts] { return replay(*opts); };
  });
}

}  // namespace sluice::cli
