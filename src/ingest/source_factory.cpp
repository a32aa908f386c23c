#include <memory>

#include "ingest/file/ndjson_source.h"
#include "ingest/http/http_source.h"
#include "ingest/source.h"

namespace sluice {

Result<std::unique_ptr<Source>> make_source(const SourceConfig& config) {
  switch (config.kind) {
    case SourceKind::kHttp:
      return std::unique_ptr<Source>(new HttpSource(config.http));
    case SourceKind::kFile:
      return std::unique_ptr<Source>(new NdjsonSource(config.file));
  }
  return Status::invalid_argument("source kind without a factory");
}

}  // namespace sluice
