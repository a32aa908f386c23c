// libFuzzer target for everything that decodes bytes from a Cassandra node: the frame header
// (with a 1 MiB body cap), the whole response (tracing id, warnings, custom payload, then
// ERROR / RESULT / SUPPORTED / AUTHENTICATE / ...), and the RESULT and ERROR body decoders fed
// the input directly. Any input must come back as a value or a Status; ASan and UBSan turn
// anything else into a crash. Built with -DSLUICE_FUZZ=ON under clang; run by `make fuzz`
// (scripts/fuzz-brief) from the seed corpus in tests/fuzz/corpus/cql_frame/.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cql/response.h"

namespace {

using sluice::cql::ColumnType;
using sluice::cql::RowsMetadata;
using sluice::cql::TypeId;

// Column types for RESULT rows sent without metadata, as after a cached PREPARE.
const RowsMetadata& cached_metadata() {
  static const RowsMetadata meta = [] {
    RowsMetadata m;
    m.column_count = 3;
    m.columns.push_back({"ks", "t", "a", ColumnType::of(TypeId::kVarchar)});
    m.columns.push_back({"ks", "t", "b", ColumnType::list_of(ColumnType::of(TypeId::kInt))});
    m.columns.push_back({"ks", "t", "c",
                         ColumnType::map_of(ColumnType::of(TypeId::kVarchar),
                                            ColumnType::of(TypeId::kTimestamp))});
    return m;
  }();
  return meta;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto header = sluice::cql::decode_response_header(in, 1u << 20);
  if (header.ok() && in.size() - sluice::cql::kHeaderSize >= header->length) {
    sluice::cql::Frame frame{*header, std::string(in.substr(sluice::cql::kHeaderSize,
                                                            header->length))};
    (void)sluice::cql::decode_response(frame);
    (void)sluice::cql::decode_response(frame, &cached_metadata());
  }
  sluice::cql::WireReader result(in);
  (void)sluice::cql::decode_result(result, &cached_metadata());
  sluice::cql::WireReader error(in);
  (void)sluice::cql::decode_server_error(error);
  return 0;
}
