// Reason: why a record was quarantined: the id of the rule it failed (or one of the reasons
// no rule reports: "parse", "key"; quality/judge.h names them) and a message naming the field
// and value. Reasons travel as data from the judge to the sink; each sink encodes them for
// its own table (SQLite and Cassandra as the JSON array docs/architecture.md describes).
#pragma once

#include <string>
#include <vector>

namespace sluice {

struct Reason {
  std::string rule;
  std::string message;
  bool operator==(const Reason&) const = default;
};

// The quarantine `reasons` column: [{"rule":"...","message":"..."}, ...].
std::string reasons_to_json(const std::vector<Reason>& reasons);

}  // namespace sluice
