// Named fault points on the durable steps (the log, the SQLite sink, offset commits), for the
// crash tests and the fault suite (tests/faults). A spec names a point and what happens there:
//
//   <name>:crash      abort() the first time the point is reached (files are left exactly as a
//                     killed process leaves them)
//   <name>:crash:K    abort() the K-th time it is reached (K >= 1)
//   <name>:fail       an I/O error Status every time it is reached (fault_status() points only)
//   <name>:fail:N     an I/O error the next N times it is reached, then pass
//
// Specs come from the environment variable SLUICE_FAULT, and from the file named by
// SLUICE_FAULT_FILE, whose content is read again at every point reached while that variable is
// set (a few microseconds: tests only), so a test can start or clear a fault while the process
// runs. Several specs may be given, separated by commas or newlines. Counts (K, N) restart when
// the spec text changes. With neither variable set a point costs two getenv() calls.
// Points and what they cover: docs/log_format.md ("Fault points"), docs/operations.md.
#pragma once

#include <string_view>

#include "core/status.h"

namespace sluice {

// A point that can only crash (`:fail` specs naming it are ignored): one in the middle of a
// durable step, where an error return would have nothing sensible to undo.
void fault_point(std::string_view name);

// A point that can crash or fail: returns an I/O error naming the point when a `:fail` spec is
// active for it, ok otherwise. Callers return it as they would the OS's own error.
Status fault_status(std::string_view name);

}  // namespace sluice
