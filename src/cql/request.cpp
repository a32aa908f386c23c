#include "cql/request.h"

#include <limits>
#include <string>

#include "cql/frame_format.h"
#include "cql/value_codec.h"
#include "cql/wire_writer.h"

namespace sluice::cql {
namespace {

// [short] n then n [value]s; encoded by marker type when the types are known.
Status write_values(WireWriter& w, const std::vector<Value>& values,
                    const std::vector<ColumnSpec>* types) {
  if (values.size() > std::numeric_limits<uint16_t>::max()) {
    return Status::invalid_argument(std::to_string(values.size()) + " values (65535 at most)");
  }
  if (types && types->size() != values.size()) {
    return Status::invalid_argument("statement has " + std::to_string(types->size()) +
                                    " bind markers, got " + std::to_string(values.size()) +
                                    " values");
  }
  w.write_short(static_cast<uint16_t>(values.size()));
  for (size_t i = 0; i < values.size(); ++i) {
    Status s = types ? encode_value_as((*types)[i].type, values[i], w) : encode_value(values[i], w);
    if (!s.ok()) {
      std::string marker = "bind marker " + std::to_string(i);
      if (types) marker += " (" + (*types)[i].name + ")";
      return s.with_context(marker);
    }
  }
  return Status::ok_status();
}

Status write_parameters(WireWriter& w, const QueryParameters& p) {
  bool has_values = p.values && !p.values->empty();
  uint8_t flags = 0;
  if (has_values) flags |= kQueryValues;
  if (p.skip_metadata) flags |= kQuerySkipMetadata;
  if (p.page_size > 0) flags |= kQueryPageSize;
  if (p.paging_state) flags |= kQueryPagingState;
  if (p.serial_consistency) flags |= kQuerySerialConsistency;
  if (p.default_timestamp_us) flags |= kQueryDefaultTimestamp;
  w.write_consistency(p.consistency);
  w.write_byte(flags);
  if (has_values) SLUICE_RETURN_IF_ERROR(write_values(w, *p.values, p.bind_types));
  if (!has_values && p.bind_types && !p.bind_types->empty()) {
    return Status::invalid_argument("statement has " + std::to_string(p.bind_types->size()) +
                                    " bind markers, got no values");
  }
  if (p.page_size > 0) w.write_int(p.page_size);
  if (p.paging_state) SLUICE_RETURN_IF_ERROR(w.write_bytes(*p.paging_state));
  if (p.serial_consistency) w.write_consistency(*p.serial_consistency);
  if (p.default_timestamp_us) w.write_long(*p.default_timestamp_us);
  return Status::ok_status();
}

}  // namespace

Result<std::string> encode_startup(const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> options = extra;
  options["CQL_VERSION"] = "3.0.0";
  std::string body;
  WireWriter w(body);
  SLUICE_RETURN_IF_ERROR(w.write_string_map(options));
  return body;
}

Result<std::string> encode_plain_auth_response(std::string_view user, std::string_view password) {
  std::string token;
  token.reserve(user.size() + password.size() + 2);
  token.push_back('\0');
  token.append(user);
  token.push_back('\0');
  token.append(password);
  std::string body;
  WireWriter w(body);
  SLUICE_RETURN_IF_ERROR(w.write_bytes(token));
  return body;
}

Result<std::string> encode_query(std::string_view query, const QueryParameters& params) {
  std::string body;
  WireWriter w(body);
  SLUICE_RETURN_IF_ERROR(w.write_long_string(query));
  SLUICE_RETURN_IF_ERROR(write_parameters(w, params));
  return body;
}

Result<std::string> encode_prepare(std::string_view query) {
  std::string body;
  WireWriter w(body);
  SLUICE_RETURN_IF_ERROR(w.write_long_string(query));
  return body;
}

Result<std::string> encode_execute(std::string_view prepared_id, const QueryParameters& params) {
  std::string body;
  WireWriter w(body);
  SLUICE_RETURN_IF_ERROR(w.write_short_bytes(prepared_id));
  SLUICE_RETURN_IF_ERROR(write_parameters(w, params));
  return body;
}

Result<std::string> encode_batch(BatchType type, const std::vector<BatchEntry>& entries,
                                 Consistency consistency,
                                 std::optional<Consistency> serial_consistency,
                                 std::optional<int64_t> default_timestamp_us) {
  if (entries.size() > std::numeric_limits<uint16_t>::max()) {
    return Status::invalid_argument("batch of " + std::to_string(entries.size()) +
                                    " statements (65535 at most)");
  }
  std::string body;
  WireWriter w(body);
  w.write_byte(static_cast<uint8_t>(type));
  w.write_short(static_cast<uint16_t>(entries.size()));
  static const std::vector<Value> kNoValues;
  for (size_t i = 0; i < entries.size(); ++i) {
    const BatchEntry& e = entries[i];
    w.write_byte(e.prepared ? kBatchQueryKindPrepared : kBatchQueryKindString);
    Status s = e.prepared ? w.write_short_bytes(e.query_or_id) : w.write_long_string(e.query_or_id);
    if (s.ok()) s = write_values(w, e.values ? *e.values : kNoValues, e.bind_types);
    if (!s.ok()) return s.with_context("batch statement " + std::to_string(i));
  }
  uint8_t flags = 0;
  if (serial_consistency) flags |= kQuerySerialConsistency;
  if (default_timestamp_us) flags |= kQueryDefaultTimestamp;
  w.write_consistency(consistency);
  w.write_byte(flags);
  if (serial_consistency) w.write_consistency(*serial_consistency);
  if (default_timestamp_us) w.write_long(*default_timestamp_us);
  return body;
}

}  // namespace sluice::cql
