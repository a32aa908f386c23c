#include <memory>

#include "sink/cassandra/cassandra_sink.h"
#include "sink/null/null_sink.h"
#include "sink/sink.h"
#include "sink/sqlite/sqlite_sink.h"

namespace sluice {

Result<std::unique_ptr<Sink>> make_sink(const SinkConfig& config, const Schema& schema) {
  switch (config.kind) {
    case SinkKind::kSqlite:
      return std::unique_ptr<Sink>(new SqliteSink(config.path, schema));
    case SinkKind::kNull:
      return std::unique_ptr<Sink>(new NullSink());
    case SinkKind::kCassandra:
      return std::unique_ptr<Sink>(new CassandraSink(config, schema));
    case SinkKind::kPostgres:
      return Status::not_implemented("sink kind '" + std::string(kind_name(config.kind)) +
                                     "' is not built yet (a later issue)");
  }
  return Status::invalid_argument("sink kind without a factory");
}

}  // namespace sluice
