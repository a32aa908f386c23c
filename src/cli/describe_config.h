// One-line descriptions of a config's source, log, sink and workflows, for `sluice check`, the
// banner of `sluice run` and the status JSON. Secrets never appear: only addresses and names.
#pragma once

#include <string>

#include "core/config.h"
#include "schedule/workflow.h"

namespace sluice::cli {

std::string describe_source(const SourceConfig& s);
std::string describe_log(const LogConfig& l);
std::string describe_sink(const SinkConfig& s);
// "email, phone hashed (key: $SLUICE_PROTECT_KEY, else ./data/protect.key, made if missing)";
// "none" when no field is protected.
std::string describe_protect(const PipelineConfig& c);
// "@daily in UTC, catchup off, 3 tasks: ensure, ingest (after ensure), wait (after ingest)"
std::string describe_workflow(const Workflow& w);

}  // namespace sluice::cli
