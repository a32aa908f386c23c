// Rendering values for failure messages and the quarantine `reasons` column.
#pragma once

#include <string>
#include <string_view>

#include "core/json_escape.h"  // append_json_string, for the callers that render reasons
#include "core/record.h"

namespace sluice {

// Longest value shown in a message, in code points; longer ones are cut with "...".
inline constexpr size_t kMaxShownChars = 64;

// A value as a message shows it: in double quotes, with quotes, backslashes and control
// characters escaped (a trailing newline shows as \n), invalid UTF-8 bytes as \xHH, and cut
// after kMaxShownChars code points with its full size noted: "abc..." (300 bytes).
std::string quote_value(std::string_view value);

// Field i of `record` for a message: quoted text, or the bare number/bool.
std::string describe_field(const Record& record, size_t i);

// Joins per-field problems of one rule: "a; b".
void append_problem(std::string* message, std::string_view problem);

}  // namespace sluice
