// The mock API's generator: randomuser.me-shaped pages (docs/architecture.md, "Records and schema"
// and "Data quality"), built as a library so that tests and benchmarks get the same realistic
// records as `sluice mock-api`.
//
// Determinism: record number k of a seed (k = (page - 1) * results + index) is a pure function
// of (seed, k, invalid_rate), so pages of one size tile the same sequence; raising invalid_rate
// only breaks more records and leaves the others byte-identical. Usernames are unique across
// all records of a seed, except where a record deliberately reuses an earlier one.
//
// Every function here is pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sluice::mock {

inline constexpr int kMaxResults = 5000;  // the real API's limit per request
inline constexpr const char* kApiVersion = "1.4";

struct PageRequest {
  std::string seed;         // randomuser.me seeds are free text
  int64_t page = 1;         // 1-based
  int results = 1;          // 1..kMaxResults
  double invalid_rate = 0;  // share of records broken on purpose, 0..1
};

// InvalidArgument for results outside 1..kMaxResults, page < 1, or a rate outside 0..1.
Status validate(const PageRequest& request);

// A record that deliberately reuses the username of an earlier record of the same seed.
struct ReusedUsername {
  std::string username;
  int64_t page = 0;  // where the original is, for pages of the same `results`
  int64_t index = 0;
};

// What the generator did to one record: the ids of the shipped rules (docs/architecture.md, "Data
// quality") it was made to break (in rule order: required, data_types, email_format, date_format,
// gender_values, username_length). username_unique is not listed because it depends on which
// records were stored before; `reuses` names the earlier username instead.
struct RecordExpectation {
  int index = 0;
  std::optional<std::string> username;  // login.username when it is a JSON string
  std::vector<std::string> broken;
  std::optional<ReusedUsername> reuses;
};

struct GeneratedPage {
  std::string body;  // {"results": [...], "info": {...}}, compact JSON
  std::vector<RecordExpectation> expectations;
};

// The request must pass validate().
GeneratedPage generate_page(const PageRequest& request);
// The same records, each as its own compact JSON object (what a source hands to ingest).
std::vector<std::string> generate_records(const PageRequest& request);
// {"seed":..,"page":..,"results":..,"records":[{"index":..,"username":..,"broken":[..],
//  "reuses":null|{"username":..,"page":..,"index":..}}]}: served at /debug/expectations.
std::string expectations_json(const PageRequest& request,
                              const std::vector<RecordExpectation>& expectations);

// A seed like the real API hands out when none was asked for: 16 lowercase hex digits.
std::string random_seed_text(uint64_t entropy);

}  // namespace sluice::mock
