#include "sink/sink.h"

namespace sluice {

Result<std::unique_ptr<Sink>> make_sink(const SinkConfig& config, const Schema&) {
  return Status::not_implemented("sink kind '" + config.kind + "' is not built yet");
}

}  // namespace sluice
