// What a caller asks the Session to run: one statement, or a batch of them. Plain data.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cql/consistency.h"
#include "cql/request.h"
#include "cql/value.h"

namespace sluice::cql {

struct Statement {
  std::string query;          // CQL, with ? markers for `values`
  std::vector<Value> values;  // by position
  // Prepare once per session (cached by query text) and EXECUTE; values are then encoded as
  // the markers' types. Otherwise sent as a QUERY with values in their own kinds.
  bool prepared = false;
  // Sending it twice is harmless (an upsert by key, a read): the session may retry it.
  bool idempotent = false;
  std::optional<Consistency> consistency;  // the session's default when unset
  std::optional<Consistency> serial_consistency;
  int32_t page_size = 0;                    // rows per page; 0 lets the server decide
  std::optional<std::string> paging_state;  // from a previous page's metadata
  std::optional<int64_t> default_timestamp_us;
  std::optional<std::chrono::milliseconds> timeout;  // the session's default when unset
};

struct BatchStatement {
  BatchType type = BatchType::kLogged;
  std::vector<Statement> statements;  // each: query, values, prepared (the rest is ignored)
  bool idempotent = false;
  std::optional<Consistency> consistency;
  std::optional<Consistency> serial_consistency;
  std::optional<int64_t> default_timestamp_us;
  std::optional<std::chrono::milliseconds> timeout;
};

}  // namespace sluice::cql
