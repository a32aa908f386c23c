// Encoding request bodies (spec 4.1): STARTUP, AUTH_RESPONSE, QUERY, PREPARE, EXECUTE, BATCH.
// OPTIONS has an empty body. Each returns the body only; frame.h adds the header. Values are
// bound by position; with `bind_types` (from a Prepared) each is encoded as its marker's type.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "cql/consistency.h"
#include "cql/result.h"
#include "cql/value.h"

namespace sluice::cql {

struct QueryParameters {
  Consistency consistency = Consistency::kLocalQuorum;
  const std::vector<Value>* values = nullptr;           // none when null or empty
  const std::vector<ColumnSpec>* bind_types = nullptr;  // types to encode values as
  bool skip_metadata = false;
  int32_t page_size = 0;  // 0: no paging
  std::optional<std::string_view> paging_state;
  std::optional<Consistency> serial_consistency;
  std::optional<int64_t> default_timestamp_us;
};

enum class BatchType : uint8_t { kLogged = 0, kUnlogged = 1, kCounter = 2 };

struct BatchEntry {
  bool prepared = false;
  std::string_view query_or_id;  // the CQL text, or the prepared id
  const std::vector<Value>* values = nullptr;
  const std::vector<ColumnSpec>* bind_types = nullptr;
};

// {"CQL_VERSION": "3.0.0"} plus `extra` (e.g. DRIVER_NAME).
Result<std::string> encode_startup(const std::map<std::string, std::string>& extra = {});

// SASL PLAIN initial response: "\0" user "\0" password, as AUTH_RESPONSE's [bytes] token.
Result<std::string> encode_plain_auth_response(std::string_view user, std::string_view password);

Result<std::string> encode_query(std::string_view query, const QueryParameters& params);
Result<std::string> encode_prepare(std::string_view query);
Result<std::string> encode_execute(std::string_view prepared_id, const QueryParameters& params);
Result<std::string> encode_batch(BatchType type, const std::vector<BatchEntry>& entries,
                                 Consistency consistency,
                                 std::optional<Consistency> serial_consistency = std::nullopt,
                                 std::optional<int64_t> default_timestamp_us = std::nullopt);

}  // namespace sluice::cql
