#include "ingest/source.h"

namespace sluice {

Result<std::unique_ptr<Source>> make_source(const SourceConfig& config) {
  return Status::not_implemented("source kind '" + config.kind + "' is not built yet");
}

}  // namespace sluice
