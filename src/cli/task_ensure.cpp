// The `ensure` task kind: what opening the log and the sink creates when missing (the embedded
// log's directory and partitions or the Kafka topics; the sink's keyspace and tables), then a
// report of what exists. Inside `sluice run` both are open already: it only reports.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <vector>

#include "cli/describe_config.h"
#include "cli/pipeline_tasks.h"

namespace sluice::cli {
namespace {

Status report(PipelineParts& parts, schedule::AttemptLog& log) {
  log.write(fmt::format("log ready: {}; {} partitions\n", describe_log(parts.config.log),
                        parts.log->partition_count()));
  SLUICE_ASSIGN_OR_RETURN(auto ends, parts.log->readable_ends());
  std::vector<std::string> held;
  held.reserve(ends.size());
  for (const auto& [p, end] : ends)
    held.push_back(fmt::format("partition {} up to offset {}", p, end));
  log.write(held.empty() ? std::string("log holds no records yet\n")
                         : fmt::format("log holds {}\n", fmt::join(held, ", ")));
  log.write(fmt::format("sink ready: {}; tables created_users, quarantine\n",
                        describe_sink(parts.config.sink)));
  return Status::ok_status();
}

}  // namespace

Status ensure_task(const std::string& config, const HostedPipeline* hosted,
                   schedule::AttemptLog& log) {
  if (hosted != nullptr) return report(*hosted->parts, log);
  SLUICE_ASSIGN_OR_RETURN(PipelineConfig loaded, load_task_config(config));
  SLUICE_ASSIGN_OR_RETURN(auto parts, open_pipeline_parts(std::move(loaded)));
  return report(*parts, log);
}

}  // namespace sluice::cli
