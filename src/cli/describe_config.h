// One-line descriptions of a config's source, log and sink, for `sluice check`, the banner of
// `sluice run` and the status JSON. Secrets never appear: only addresses and names.
#pragma once

#include <string>

#include "core/config.h"

namespace sluice::cli {

std::string describe_source(const SourceConfig& s);
std::string describe_log(const LogConfig& l);
std::string describe_sink(const SinkConfig& s);

}  // namespace sluice::cli
