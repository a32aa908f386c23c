#include <memory>

#include "sink/sink.h"
#include "sink/sqlite/sqlite_sink.h"

namespace sluice {

Result<std::unique_ptr<Sink>> make_sink(const SinkConfig& config, const Schema& schema) {
  if (config.kind == "sqlite") return std::unique_ptr<Sink>(new SqliteSink(config.path, schema));
  return Status::not_implemented(
      "sink kind '" + config.kind +
      "' is not built yet (cassandra and postgres come in later issues)");
}

}  // namespace sluice
