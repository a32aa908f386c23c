// Blame: which input a refused operation holds at fault, for the caller to name in its own
// words: the REST API as the JSON field ("logical_date", "params.who", "tasks[1]"), the CLI as
// its flag (--logical-date, --param who). Empty when no single input is at fault.
#pragma once

#include <string>
#include <utility>

#include "core/status.h"

namespace sluice::schedule {

struct Blame {
  std::string field;
};

// Sets `blame->field` (when a Blame was given) and returns `status`: `return blamed(...)`.
inline Status blamed(Blame* blame, std::string field, Status status) {
  if (blame != nullptr) blame->field = std::move(field);
  return status;
}

}  // namespace sluice::schedule
