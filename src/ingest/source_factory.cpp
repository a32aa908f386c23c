#include <memory>

#include "ingest/file/ndjson_source.h"
#include "ingest/http/http_source.h"
#include "ingest/source.h"

namespace sluice {

Result<std::unique_ptr<Source>> make_source(const SourceConfig& config) {
  if (config.kind == "http") return std::unique_ptr<Source>(new HttpSource(config.http));
  if (config.kind == "file") return std::unique_ptr<Source>(new NdjsonSource(config.file));
  return Status::invalid_argument("unknown source kind '" + config.kind + "' (http, file)");
}

}  // namespace sluice
